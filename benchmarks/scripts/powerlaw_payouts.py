# Payouts-only feed with a power-law payee graph, for `flagstream replay` (docs/benchmarks.md, "The cluster task
# alone"): 5,800 accounts, 94,000 payouts over 6 weeks. Payee popularity is Zipf-like (the most popular payee is paid
# by ~1,500 accounts, 68 payees by more than 20), and account out-degree Pareto (a few accounts pay dozens of payees).
# Seeded: the same file every run.   Usage: python3 benchmarks/scripts/powerlaw_payouts.py OUT.jsonl
import json, random, datetime, sys
random.seed(42)
ACCOUNTS, PAYOUTS, DAYS, PAYEES = 5800, 94000, 42, 4000
start = datetime.datetime(2026, 3, 2, tzinfo=datetime.timezone.utc)
# payee popularity: Zipf-like weights, a few payees get dozens to hundreds of payers
payee_w = [1.0 / (i + 1) ** 1.1 for i in range(PAYEES)]
accounts = []
for a in range(ACCOUNTS):
    degree = min(80, int(random.paretovariate(1.3)))  # most pay 1-2 payees, some pay dozens
    payees = set(random.choices(range(PAYEES), weights=payee_w, k=max(1, degree)))
    activity = random.paretovariate(1.5)
    accounts.append((f"acct-{a:05d}", sorted(payees), activity))
acts = [x[2] for x in accounts]
events = []
for i in range(PAYOUTS):
    acct, payees, _ = random.choices(accounts, weights=acts)[0]
    p = random.choice(payees)
    t = start + datetime.timedelta(seconds=random.randrange(DAYS * 86400))
    events.append((t, i, acct, p))
events.sort()
with open(sys.argv[1] if len(sys.argv) > 1 else "events.jsonl", "w") as f:
    for t, i, acct, p in events:
        f.write(json.dumps({"type": "payout", "eventId": f"pl-{i}", "accountId": acct,
            "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "amount": f"{random.randint(50, 3000)}.00", "currency": "USD",
            "instrument": {"type": "BANK_ACCOUNT", "fingerprint": f"payee-{p:04d}", "provider": "Bank", "country": "US",
                           "holderName": f"Payee {p}"}, "requestIp": None, "intermediary": None}, separators=(",", ":")) + "\n")
