package io.flagstream.tools;

import io.flagstream.replay.EventJson;
import io.flagstream.replay.EventTimeOrder;
import io.flagstream.replay.GroundTruthJson;
import io.flagstream.replay.JsonLines;
import io.flagstream.replay.Progress;
import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.GroundTruth;
import io.flagstream.sim.HardPopulation;
import io.flagstream.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code simulate --out DIR}: a seeded platform with planted operator teams, written as files. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a freelance platform with planted operator teams and write, into DIR:",
                "  events.jsonl          every event, in event-time order (JSON Lines, docs/event-format.md)",
                "  ground-truth.json     scenario, planted cases, account labels, allow-list hints",
                "  allow-list.properties the allow-list a platform would know; pass it to replay --config"})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Same seed, same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--accounts", defaultValue = "3000", description = "Benign accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--days",
            description = "Simulated days, at least 14 with teams, 28 with stealth teams (default: 14; 28 with --preset hard).")
    Integer days;

    @Option(names = "--teams", defaultValue = "3", description = "Planted operator teams (default: ${DEFAULT-VALUE}).")
    int teams;

    @Option(names = "--gzip", description = "Write events.jsonl.gz instead of events.jsonl.")
    boolean gzip;

    /** The scenario presets: docs/evaluation.md describes both. */
    enum Preset { DEFAULT, HARD }

    @Option(names = "--preset", defaultValue = "default", converter = PresetConverter.class,
            description = "default, or hard: adds labelled benign hubs and look-alikes and stealth operator teams"
                    + " (sizes below; docs/evaluation.md) (default: ${DEFAULT-VALUE}).")
    Preset preset;

    @Option(names = "--payroll-hubs", description = "Hard preset: payroll / payment-service collection accounts (default: accounts / 500, at least 2).")
    Integer payrollHubs;

    @Option(names = "--escrow-hubs", description = "Hard preset: marketplace escrow wallets (default: accounts / 1000, at least 2).")
    Integer escrowHubs;

    @Option(names = "--hub-max-payers", description = "Hard preset: payers of the largest hub; rank r has max / r (default: accounts / 40, at least 10).")
    Integer hubMaxPayers;

    @Option(names = "--family-groups", description = "Hard preset: families of 3-4 sharing one bank account (default: accounts / 200, at least 3).")
    Integer familyGroups;

    @Option(names = "--agencies", description = "Hard preset: agencies paying many contractors (default: accounts / 250, at least 3).")
    Integer agencies;

    @Option(names = "--agency-max-contractors", description = "Hard preset: contractors of the largest agency; rank r has max / r (default: accounts / 50, at least 8).")
    Integer agencyMaxContractors;

    @Option(names = "--unlisted-corporate-nats", description = "Hard preset: companies whose egress IP is not allow-listed (default: accounts / 400, at least 2).")
    Integer unlistedCorporateNats;

    @Option(names = "--carrier-nat-accounts", description = "Hard preset: subscribers behind a carrier NAT typed RESIDENTIAL (default: accounts / 20, at least 10).")
    Integer carrierNatAccounts;

    @Option(names = "--stealth-teams", description = "Hard preset: operator teams imitating benign behaviour (default: 3).")
    Integer stealthTeams;

    /** Accepts the preset names in lower case, as documented. */
    static final class PresetConverter implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            try {
                return Preset.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--preset must be default or hard, not '" + value + "'");
            }
        }
    }

    private HardPopulation hardPopulation() {
        if (preset != Preset.HARD) {
            return null;
        }
        HardPopulation d = HardPopulation.forAccounts(accounts);
        return new HardPopulation(or(payrollHubs, d.payrollHubs()), or(escrowHubs, d.escrowHubs()),
                or(hubMaxPayers, d.hubMaxPayers()), or(familyGroups, d.familyGroups()), or(agencies, d.agencies()),
                or(agencyMaxContractors, d.agencyMaxContractors()), or(unlistedCorporateNats, d.unlistedCorporateNats()),
                or(carrierNatAccounts, d.carrierNatAccounts()), or(stealthTeams, d.stealthTeams()));
    }

    private static int or(Integer given, int otherwise) {
        return given == null ? otherwise : given;
    }

    @Override
    public Integer call() throws IOException {
        HardPopulation hard = hardPopulation();
        int days = this.days != null ? this.days : hard != null ? HardPopulation.DAYS : 14;
        DemoScenario scenario = new DemoScenario(seed, accounts, days, DemoScenario.demo().start(), teams, hard);
        Files.createDirectories(out);
        Path events = out.resolve(gzip ? "events.jsonl.gz" : "events.jsonl");
        Simulator simulator = new Simulator(scenario);
        Progress progress = Progress.forConsole("simulate", System.err);
        long start = scenario.start().toEpochMilli();
        double span = days * 86_400_000.0;
        long[] written = {0};
        GroundTruth truth;
        long late;
        try (BufferedWriter w = JsonLines.writer(events)) {
            // Streamed: the simulator hands over one day at a time; a one-day reorder buffer fixes the overlap
            // between consecutive days, and each line is written as it leaves the buffer.
            EventTimeOrder ordered = new EventTimeOrder(Duration.ofDays(1), e -> {
                try {
                    w.write(EventJson.write(e.event()));
                    w.write('\n');
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                written[0]++;
                progress.update(written[0], Math.max(0, (e.timestamp() - start) / span));
            });
            truth = simulator.run(ordered);
            ordered.close();
            late = ordered.late();
        }
        if (late > 0) {
            System.err.printf("simulate: %,d events came more than a day late and are out of order%n", late);
        }
        progress.finish();
        GroundTruthJson.write(out.resolve("ground-truth.json"), scenario, truth, simulator.corporateEgressIps(),
                simulator.agencyInstruments());
        try (Writer w = Files.newBufferedWriter(out.resolve("allow-list.properties"), StandardCharsets.UTF_8)) {
            w.write("# What the simulated platform knows and allow-lists: its customers' corporate egress IPs\n");
            w.write("# and the freelance agencies' payout accounts. Use: flagstream replay --config <this file>\n");
            w.write("flagstream.allow-list.ips=" + String.join(",", simulator.corporateEgressIps()) + "\n");
            w.write("flagstream.allow-list.instruments=" + String.join(",", simulator.agencyInstruments()) + "\n");
        }
        System.out.printf("Wrote %,d events (%d accounts, %d days, %d teams, seed %d) to %s in %.1f s%n", written[0],
                accounts, days, teams, seed, events, progress.seconds());
        System.out.printf("Ground truth: %d planted cases, %d labelled accounts in %s%n", truth.cases().size(),
                truth.accountLabels().size(), out.resolve("ground-truth.json"));
        System.out.printf("Allow-list hints: %s%n", out.resolve("allow-list.properties"));
        return 0;
    }
}
