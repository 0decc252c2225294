package io.flagstream.bench.adversarial;

import io.flagstream.events.InstrumentType;
import io.flagstream.events.PaymentInstrument;
import io.flagstream.replay.ReplayEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A payee graph with power-law degrees, all benign: every account pays its own bank account, and some also pay
 * shared payees (suppliers, agencies, platforms). The number of extra payees per account is drawn with
 * P(k) ∝ (k + 1)^-2.5 (most none, a few dozens), each extra payee from a pool of shared instruments by Zipf rank
 * (weight 1/rank), so a few payees collect from hundreds of accounts. Accounts open and add their payees in the
 * two months before the period; the payouts are spread over the period's days, each on a random (account, payee)
 * edge.
 */
final class PowerLawPayees implements AdversarialGenerator {
    private static final int MAX_EXTRA_PAYEES = 100;
    private static final double OUT_EXPONENT = 2.5;

    private final int accounts;
    private final long payouts;
    private final int days;
    private final long start;
    private final AdversarialEvents events;
    private final Random random;
    private final String[] names;
    private final String[][] locales;
    private final String[] ips;
    private final PaymentInstrument[] pool;
    private final List<List<PaymentInstrument>> payees = new ArrayList<>();
    private final int[] edgeAccount;
    private final int[] edgePayee;
    private final int maxInDegree;

    PowerLawPayees(int accounts, long payouts, int days, long start, long seed) {
        if (accounts < 1 || payouts < 0 || days < 1) {
            throw new IllegalArgumentException("power-law payees need accounts and days");
        }
        this.accounts = accounts;
        this.payouts = payouts;
        this.days = days;
        this.start = start;
        this.events = new AdversarialEvents(seed);
        this.random = new Random(seed);
        this.names = new String[accounts];
        this.locales = new String[accounts][];
        this.ips = new String[accounts];
        this.pool = new PaymentInstrument[Math.max(10, accounts * 35 / 100)];
        for (int r = 0; r < pool.length; r++) {
            String[] locale = People.locale(random);
            pool[r] = AdversarialEvents.instrument(String.format(Locale.ROOT, "payee-%05d", r), InstrumentType.BANK_ACCOUNT,
                    locale[0], "Supplier " + r + " Ltd", "Bank");
        }
        double[] outCdf = cdf(Math.min(MAX_EXTRA_PAYEES, pool.length) + 1, k -> Math.pow(k + 1, -OUT_EXPONENT));
        double[] inCdf = cdf(pool.length, r -> 1.0 / (r + 1));
        int[] inDegree = new int[pool.length];
        int edges = 0;
        for (int a = 0; a < accounts; a++) {
            names[a] = People.name(random);
            locales[a] = People.locale(random);
            ips[a] = People.residentialIp(random);
            List<PaymentInstrument> own = new ArrayList<>();
            own.add(AdversarialEvents.instrument("pl-bank-" + a, InstrumentType.BANK_ACCOUNT, locales[a][0], names[a], "Bank"));
            int extra = draw(outCdf);
            Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < extra) {
                int r = draw(inCdf);
                if (chosen.add(r)) {
                    own.add(pool[r]);
                    inDegree[r]++;
                }
            }
            payees.add(own);
            edges += own.size();
        }
        edgeAccount = new int[edges];
        edgePayee = new int[edges];
        int e = 0;
        for (int a = 0; a < accounts; a++) {
            for (int p = 0; p < payees.get(a).size(); p++, e++) {
                edgeAccount[e] = a;
                edgePayee[e] = p;
            }
        }
        maxInDegree = Arrays.stream(inDegree).max().orElse(0);
    }

    @Override
    public int days() {
        return days;
    }

    @Override
    public long events() {
        return accounts + edgeAccount.length + payouts;
    }

    @Override
    public String shape() {
        int maxOut = payees.stream().mapToInt(List::size).max().orElse(0);
        long wide = payees.stream().filter(p -> p.size() > 10).count();
        return String.format(Locale.ROOT, "%,d accounts, %,d payees (%,d shared), %,d edges, %,d payouts; largest in-degree %,d accounts, "
                        + "largest out-degree %,d payees, %,d accounts with more than 10 payees", accounts, accounts + pool.length,
                pool.length, edgeAccount.length, payouts, maxInDegree, maxOut, wide);
    }

    @Override
    public void prelude(Consumer<ReplayEvent> out) {
        for (int a = 0; a < accounts; a++) {
            String account = account(a);
            long opened = start - DAY_MS - (long) (random.nextDouble() * 59 * DAY_MS);
            out.accept(events.created(account, names[a], locales[a][0], locales[a][1], opened));
            List<PaymentInstrument> own = payees.get(a);
            for (int p = 0; p < own.size(); p++) {
                out.accept(events.methodAdded(account, names[a], locales[a][0], locales[a][1], own.get(p), opened + (30 + p) * 60_000L));
            }
        }
    }

    @Override
    public void day(int day, Consumer<ReplayEvent> out) {
        long today = payouts / days + (day < payouts % days ? 1 : 0);
        for (long i = 0; i < today; i++) {
            int e = random.nextInt(edgeAccount.length);
            int a = edgeAccount[e];
            long t = start + day * DAY_MS + (long) (random.nextDouble() * DAY_MS);
            out.accept(events.payout(account(a), payees.get(a).get(edgePayee[e]), 50 + random.nextInt(3000), ips[a], t));
        }
    }

    private static String account(int a) {
        return String.format(Locale.ROOT, "pl-%05d", a);
    }

    /** Cumulative distribution of weights 0..n-1. */
    private static double[] cdf(int n, java.util.function.IntToDoubleFunction weight) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weight.applyAsDouble(i);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private int draw(double[] cdf) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }
}
