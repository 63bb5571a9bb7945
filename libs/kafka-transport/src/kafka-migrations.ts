import { KafkaTransport1763900400000 } from './kafka-transport.migration';
import { KafkaRelayMarks1764600000000 } from './relay-marks.migration';

/** The transport schema's migrations, in order (relay and projector both run them). */
export const KAFKA_TRANSPORT_MIGRATIONS = [KafkaTransport1763900400000, KafkaRelayMarks1764600000000];
