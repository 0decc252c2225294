package io.flagstream.bench.adversarial;

import java.util.Random;

/** Names, home countries and residential IPs for generated accounts, drawn as the simulator draws them. */
final class People {
    static final String[][] LOCALES = {
            {"US", "America/New_York"}, {"US", "America/Chicago"}, {"GB", "Europe/London"}, {"DE", "Europe/Berlin"},
            {"PL", "Europe/Warsaw"}, {"IN", "Asia/Kolkata"}, {"PH", "Asia/Manila"}, {"BR", "America/Sao_Paulo"}};
    private static final String[] FIRST = {"Anna", "Ben", "Chen", "Diego", "Emma", "Farah", "Gabriel", "Hana", "Ivan", "Julia"};
    private static final String[] LAST = {"Smith", "Garcia", "Kowalski", "Patel", "Silva", "Okafor", "Tanaka", "Kim"};

    private People() {
    }

    static String name(Random random) {
        return FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
    }

    static String[] locale(Random random) {
        return LOCALES[random.nextInt(LOCALES.length)];
    }

    static String residentialIp(Random random) {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
