import { CommandApiHarness } from './commands-support/command-api-harness';

/**
 * The customer command endpoints (profile, owner, contacts, visits, competitor feedback,
 * opportunities)
 * over HTTP on a real PostgreSQL: the happy path appends its event (read back from the store),
 * each refusal answers the right status and appends nothing. Only the command API runs.
 */
let h: CommandApiHarness;

beforeAll(async () => {
  h = await CommandApiHarness.create('commands_e2e');
  for (const repId of ['rep-1', 'rep-2']) {
    expect((await h.post('/reps', { repId, name: `Rep ${repId}`, region: 'east' })).statusCode).toBe(201);
  }
  const customer = { customerId: 'cust-1', name: 'Golden Harvest', type: 'distributor', region: 'east' };
  expect((await h.post('/customers', customer)).statusCode).toBe(201);
});

afterAll(async () => {
  await h?.close();
});

const CUSTOMER = 'customer-cust-1';

describe('PATCH /customers/{id} (UpdateCustomerProfile)', () => {
  it('records only the changed fields and answers 201', async () => {
    const response = await h.send('PATCH', '/customers/cust-1', {
      name: 'Golden Harvest',
      region: 'north',
      industry: 'electronics retail',
    });
    const event = await h.expectAppended(response, CUSTOMER, 'CustomerProfileUpdated');
    expect(event.data).toMatchObject({
      customerId: 'cust-1',
      changes: { region: 'north', industry: 'electronics retail' },
    });
    expect(Object.keys((event.data as { changes: object }).changes).sort()).toEqual(['industry', 'region']);
  });

  it('answers 200 with changed: false and appends nothing when nothing changes', async () => {
    const before = await h.store.readStream(CUSTOMER);
    const response = await h.send('PATCH', '/customers/cust-1', { region: 'north', type: 'distributor' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      streamId: CUSTOMER,
      streamVersion: before[before.length - 1]!.streamVersion,
      globalPosition: before[before.length - 1]!.globalPosition,
      changed: false,
      replayed: false,
    });
    expect(response.json().consistencyToken).toMatch(/^\d+-\d+$/);
    expect(await h.store.readStream(CUSTOMER)).toEqual(before);
  });

  it('refuses an unknown customer type with 400 naming the field', async () => {
    await h.expectRefused(CUSTOMER, () => h.send('PATCH', '/customers/cust-1', { type: 'wholesale' }), {
      status: 400,
      field: 'type',
    });
  });

  it('answers 404 for a customer that is not registered', async () => {
    await h.expectRefused('customer-nobody', () => h.send('PATCH', '/customers/nobody', { name: 'X' }), {
      status: 404,
      code: 'CUSTOMER_NOT_FOUND',
    });
  });
});

describe('POST /customers/{id}/owner (AssignCustomerOwner)', () => {
  it('assigns an owner, then moves ownership recording the previous rep', async () => {
    const first = await h.post('/customers/cust-1/owner', { repId: 'rep-1', reason: 'new account' });
    expect((await h.expectAppended(first, CUSTOMER, 'CustomerOwnerAssigned')).data).toEqual({
      customerId: 'cust-1',
      repId: 'rep-1',
      reason: 'new account',
      assignedAt: expect.any(String),
    });
    const moved = await h.post('/customers/cust-1/owner', {
      repId: 'rep-2',
      reason: 'territory split',
      assignedAt: '2026-11-06T09:00:00Z',
    });
    const event = await h.expectAppended(moved, CUSTOMER, 'CustomerOwnerAssigned');
    expect(event.data).toMatchObject({ repId: 'rep-2', previousRepId: 'rep-1' });
    expect(event.metadata.occurredAt).toBe('2026-11-06T09:00:00.000Z');
  });

  it('answers 409 OWNER_UNCHANGED when the rep already owns the customer', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/owner', { repId: 'rep-2', reason: 'again' }),
      {
        status: 409,
        code: 'OWNER_UNCHANGED',
      },
    );
  });

  it('answers 404 REP_NOT_FOUND naming repId for a rep that does not exist', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/owner', { repId: 'ghost', reason: 'x' }),
      {
        status: 404,
        code: 'REP_NOT_FOUND',
        field: 'repId',
      },
    );
  });
});

describe('POST /customers/{id}/contacts (AddContactPerson)', () => {
  it('derives the contact person id from the Idempotency-Key and appends once', async () => {
    const headers = { 'idempotency-key': 'add-contact-zhang' };
    const payload = { name: 'Zhang Min', role: 'purchasing manager', email: 'zhang@golden.example' };
    const response = await h.post('/customers/cust-1/contacts', payload, headers);
    const event = await h.expectAppended(response, CUSTOMER, 'ContactPersonAdded');
    const { contactPersonId } = response.json();
    expect(event.data).toMatchObject({ contactPersonId, name: 'Zhang Min', email: 'zhang@golden.example' });

    const again = await h.post('/customers/cust-1/contacts', payload, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({
      contactPersonId,
      streamVersion: event.streamVersion,
      replayed: true,
    });
    expect((await h.store.readStream(CUSTOMER)).filter((e) => e.type === 'ContactPersonAdded')).toHaveLength(
      1,
    );
  });

  it('answers 409 CONTACT_PERSON_ALREADY_ADDED for a contact person id the customer has', async () => {
    expect(
      (await h.post('/customers/cust-1/contacts', { contactPersonId: 'p-1', name: 'Li Na' })).statusCode,
    ).toBe(201);
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/contacts', { contactPersonId: 'p-1', name: 'Wu' }),
      {
        status: 409,
        code: 'CONTACT_PERSON_ALREADY_ADDED',
      },
    );
  });

  it('refuses an e-mail that is not an address with 400 naming the field', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/contacts', { name: 'Wu', email: 'wu at golden' }),
      {
        status: 400,
        field: 'email',
      },
    );
  });

  it('refuses a visit naming a contact person the customer does not have with 404', async () => {
    const visit = {
      repId: 'rep-1',
      channel: 'onsite',
      activityType: 'product demo',
      cost: '20.00',
      visitedAt: '2026-11-07T10:00:00Z',
    };
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/visits', { ...visit, contactPersonId: 'p-9' }),
      {
        status: 404,
        code: 'CONTACT_PERSON_NOT_FOUND',
        field: 'contactPersonId',
      },
    );
    const logged = await h.post('/customers/cust-1/visits', { ...visit, contactPersonId: 'p-1' });
    expect((await h.expectAppended(logged, CUSTOMER, 'VisitLogged')).data).toMatchObject({
      contactPersonId: 'p-1',
    });
  });
});

describe('POST /customers/{id}/competitor-feedback (RecordCompetitorFeedback)', () => {
  const feedback = {
    feedbackId: 'fb-1',
    repId: 'rep-1',
    competitor: 'Rival Electronics',
    product: 'RX-55',
    rating: 4,
    observedAt: '2026-11-07T11:00:00Z',
  };

  it('records a rated competitor evaluation', async () => {
    const response = await h.post('/customers/cust-1/competitor-feedback', feedback);
    expect((await h.expectAppended(response, CUSTOMER, 'CompetitorFeedbackRecorded')).data).toMatchObject({
      feedbackId: 'fb-1',
      rating: 4,
    });
    expect(response.json().feedbackId).toBe('fb-1');
  });

  it('refuses a rating outside 1–5 with 400 naming the field', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/competitor-feedback', { ...feedback, feedbackId: 'fb-2', rating: 6 }),
      { status: 400, field: 'rating' },
    );
  });

  it('answers 409 FEEDBACK_ALREADY_RECORDED for a feedback id recorded before', async () => {
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/competitor-feedback', feedback), {
      status: 409,
      code: 'FEEDBACK_ALREADY_RECORDED',
    });
  });
});

describe('opportunities (OpenOpportunity, WinOpportunity, LoseOpportunity)', () => {
  const opportunity = (opportunityId: string) => ({
    opportunityId,
    repId: 'rep-1',
    title: 'Spring restock',
    expectedAmount: '45000',
    stage: 'proposal',
    expectedCloseDate: '2027-02-28',
  });

  it('opens an opportunity with its expected amount in canonical money', async () => {
    const response = await h.post('/customers/cust-1/opportunities', opportunity('opp-1'));
    expect((await h.expectAppended(response, CUSTOMER, 'OpportunityOpened')).data).toMatchObject({
      opportunityId: 'opp-1',
      expectedAmount: '45000.00',
      expectedCloseDate: '2027-02-28',
    });
    expect((await h.post('/customers/cust-1/opportunities', opportunity('opp-2'))).statusCode).toBe(201);
  });

  it('answers 409 OPPORTUNITY_ALREADY_OPENED for an id opened before', async () => {
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/opportunities', opportunity('opp-1')), {
      status: 409,
      code: 'OPPORTUNITY_ALREADY_OPENED',
    });
  });

  it('refuses an unknown stage with 400 naming the field', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/opportunities', { ...opportunity('opp-3'), stage: 'dreaming' }),
      { status: 400, field: 'stage' },
    );
  });

  it('wins an open opportunity, and refuses winning it again with 409 OPPORTUNITY_NOT_OPEN', async () => {
    const won = await h.post('/customers/cust-1/opportunities/opp-1/win', {});
    expect((await h.expectAppended(won, CUSTOMER, 'OpportunityWon')).data).toMatchObject({
      opportunityId: 'opp-1',
    });
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/opportunities/opp-1/win', {}), {
      status: 409,
      code: 'OPPORTUNITY_NOT_OPEN',
    });
  });

  it('answers 404 OPPORTUNITY_NOT_FOUND for winning an opportunity never opened', async () => {
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/opportunities/opp-x/win', {}), {
      status: 404,
      code: 'OPPORTUNITY_NOT_FOUND',
    });
  });

  it('loses an open opportunity to a competitor', async () => {
    const lost = await h.post('/customers/cust-1/opportunities/opp-2/lose', {
      reason: 'price',
      lostTo: 'Rival Electronics',
    });
    expect((await h.expectAppended(lost, CUSTOMER, 'OpportunityLost')).data).toMatchObject({
      opportunityId: 'opp-2',
      reason: 'price',
      lostTo: 'Rival Electronics',
    });
  });

  it('refuses losing a won opportunity with 409, and a loss without a reason with 400', async () => {
    await h.expectRefused(
      CUSTOMER,
      () => h.post('/customers/cust-1/opportunities/opp-1/lose', { reason: 'x' }),
      {
        status: 409,
        code: 'OPPORTUNITY_NOT_OPEN',
      },
    );
    await h.expectRefused(CUSTOMER, () => h.post('/customers/cust-1/opportunities/opp-2/lose', {}), {
      status: 400,
      field: 'reason',
    });
  });
});
