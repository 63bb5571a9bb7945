import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConsistencyInterceptor } from './consistency.interceptor';

/** Read-your-writes for every query endpoint (see ConsistencyInterceptor). */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor }] })
export class ConsistencyModule {}
