// FlagStream <-> Confluent interop, driven by ConfluentNodeInteropIT (local-kafka).
//   node interop.mjs produce   registers the event schemas as a Confluent user would (Payout inline, and
//                              Payout referencing PaymentInstrument), serializes payouts with Confluent's
//                              AvroSerializer and produces them to the real broker.
//   node interop.mjs consume   reads FlagStream's alerts and decodes them with Confluent's AvroDeserializer;
//                              exits 0 once every expected "ruleId entityId" was decoded.
// Settings come from the environment: BOOTSTRAP, REGISTRY, PAYOUTS, ALERTS, T0_MS, AVRO_DIR, INLINE_PAYOUT_SCHEMA,
// EXPECT (comma-separated "ruleId entityId").
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Kafka, logLevel } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = process.env;
const registry = new SchemaRegistryClient({ baseURLs: [env.REGISTRY] });
const kafka = new Kafka({ clientId: 'confluent-node-interop', brokers: [env.BOOTSTRAP], logLevel: logLevel.WARN });
const HOUR = 3_600_000;

/** An Avro decimal (bytes, scale 4) as Confluent's Java serializer writes it: big-endian two's complement. */
function decimal4(amount) {
  let unscaled = BigInt(Math.round(amount * 10_000));
  const bytes = [];
  do {
    bytes.unshift(Number(unscaled & 0xffn));
    unscaled >>= 8n;
  } while (unscaled > 0n);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}

function payout(account, wallet, hour) {
  return {
    eventId: `${account}-${wallet}`,
    accountId: account,
    timestamp: Number(env.T0_MS) + hour * HOUR,
    amount: decimal4(250),
    currency: 'EUR',
    instrument: { type: 'CRYPTO_WALLET', fingerprint: wallet, provider: null, country: null, holderName: null },
    requestIp: null,
    intermediary: null,
  };
}

async function produce() {
  const subject = `${env.PAYOUTS}-value`;
  // Version 1: the schema with every type inline, as Confluent's Java serializer registers a generated class.
  const inlineId = await registry.register(subject,
    { schemaType: 'AVRO', schema: readFileSync(env.INLINE_PAYOUT_SCHEMA, 'utf8') });
  // Version 2: the project's own .avsc, which names PaymentInstrument registered under a subject of its own.
  const instrumentSubject = 'io.flagstream.events.PaymentInstrument';
  await registry.register(instrumentSubject,
    { schemaType: 'AVRO', schema: readFileSync(join(env.AVRO_DIR, 'common', 'PaymentInstrument.avsc'), 'utf8') });
  const instrumentVersion = (await registry.getLatestSchemaMetadata(instrumentSubject)).version;
  const referencingId = await registry.register(subject, {
    schemaType: 'AVRO',
    schema: readFileSync(join(env.AVRO_DIR, 'Payout.avsc'), 'utf8'),
    references: [{ name: 'io.flagstream.events.PaymentInstrument', subject: instrumentSubject, version: instrumentVersion }],
  });
  const inline = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useSchemaId: inlineId });
  const withReferences = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });

  const messages = [];
  for (const [i, account] of ['acct-i1', 'acct-i2', 'acct-i3'].entries()) {
    messages.push({ key: account, value: await inline.serialize(env.PAYOUTS, payout(account, 'wallet-inline', i)) });
  }
  for (const [i, account] of ['acct-r1', 'acct-r2', 'acct-r3'].entries()) {
    messages.push({ key: account, value: await withReferences.serialize(env.PAYOUTS, payout(account, 'wallet-refs', i)) });
  }
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: env.PAYOUTS, acks: -1, messages });
  await producer.disconnect();
  console.log(`produced ${messages.length} payouts: schema ids ${inlineId} (inline) and ${referencingId} (with references)`);
}

async function consume() {
  const expected = new Set(env.EXPECT.split(','));
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const consumer = kafka.consumer({ groupId: `interop-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: env.ALERTS, fromBeginning: true });
  const decoded = new Set();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; decoded ${[...decoded].join(', ')}`)), 60_000);
    consumer.run({
      eachMessage: async ({ message }) => {
        const alert = await deserializer.deserialize(env.ALERTS, message.value);
        decoded.add(`${alert.ruleId} ${alert.entity.id}`);
        if ([...expected].every((e) => decoded.has(e))) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  console.log(`decoded with Confluent's AvroDeserializer: ${[...decoded].sort().join(', ')}`);
}

const command = process.argv[2];
try {
  await (command === 'produce' ? produce() : command === 'consume' ? consume() : Promise.reject(new Error(`usage: produce | consume`)));
  process.exit(0);
} catch (e) {
  console.error(`interop ${command} failed:`, e);
  process.exit(1);
}
