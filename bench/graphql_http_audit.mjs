// The graphql-http conformance audit (GraphQL over HTTP spec) of a running lab's /graphql.
//   cd bench && npm install && node graphql_http_audit.mjs [http://127.0.0.1:8101/graphql]
// Prints every audit with its result; exits 1 when any MUST fails or any SHOULD/MAY warns.
import { auditServer } from 'graphql-http';

const url = process.argv[2] || 'http://127.0.0.1:8101/graphql';
const results = await auditServer({ url });
const counts = { ok: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  const mark = { ok: 'ok   ', warn: 'WARN ', error: 'ERROR' }[result.status];
  console.log(`${mark} ${result.name}`);
  if (result.status !== 'ok') {
    console.log(`      ${result.reason}`);
  }
}
console.log(`\n${results.length} audits: ${counts.ok} ok, ${counts.warn} warnings, ${counts.error} errors`);
process.exit(counts.warn + counts.error === 0 ? 0 : 1);
