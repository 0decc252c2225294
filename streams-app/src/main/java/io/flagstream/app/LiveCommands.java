package io.flagstream.app;

import io.flagstream.config.FlagStreamConfig;
import io.flagstream.control.AllowListEntry;
import io.flagstream.control.WatchListItem;
import io.flagstream.config.Durations;
import io.flagstream.live.LivePublisher;
import io.flagstream.serde.SchemaRegistryClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Live changes from the command line, published with the brokers and registry of the normal properties file:
 * {@code config-set}, {@code config-unset}, {@code allow-list add|remove} and {@code watch-list add|remove}. A
 * change the rules refuse is refused here at once (exit 2 for a setting, 1 for an entry); the running app checks it again, with the overrides it already accepted,
 * and dead-letters what it refuses. Each change is signed with {@code flagstream.live.signing.key} in the
 * name of {@code --by}.
 */
final class LiveCommands {
    private LiveCommands() {
    }

    /** A command publishing a change signed in the name of {@code --by}. */
    abstract static class Signed extends FlagStreamCli.WithConfig {
        @Option(names = "--by", defaultValue = "${sys:user.name}",
                description = "Who makes the change, as signed and audited (default: your user name).")
        String by;

        LivePublisher publisher(FlagStreamConfig config) {
            return new LivePublisher(config, SchemaRegistryClients.create(config.schemaRegistry()), Clock.systemUTC(), by);
        }
    }

    @Command(name = "config-set", mixinStandardHelpOptions = true,
            description = "Change a setting of the running app (a detector threshold, window or switch; alert suppression).")
    static final class ConfigSet extends Signed implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SETTING", description = "e.g. flagstream.detector.a16-shared-payout-instrument.min-accounts")
        String setting;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        public Integer call() {
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            try (LivePublisher publisher = publisher(cfg)) {
                publisher.setConfig(setting, value);
            }
            System.out.printf("Published %s=%s to %s; refused changes go to %s%n", setting, value, cfg.topics().config(),
                    cfg.topics().deadLetter());
            return 0;
        }
    }

    @Command(name = "config-unset", mixinStandardHelpOptions = true,
            description = "Put a setting of the running app back to its deployed value.")
    static final class ConfigUnset extends Signed implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SETTING")
        String setting;

        @Override
        public Integer call() {
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            try (LivePublisher publisher = publisher(cfg)) {
                publisher.setConfig(setting, null);
            }
            System.out.printf("Published the removal of %s to %s%n", setting, cfg.topics().config());
            return 0;
        }
    }

    @Command(name = "allow-list", mixinStandardHelpOptions = true,
            description = "Allow-list or snooze an entity in the running app: no new alerts, its open ones closed.",
            subcommands = {Add.class, Remove.class})
    static final class AllowList {
    }

    abstract static class Entity extends Signed {
        @Option(names = "--type", required = true, description = "account, ip or instrument")
        String type;

        @Option(names = "--id", required = true)
        String id;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace an entry.")
    static final class Add extends Entity implements Callable<Integer> {
        @Option(names = "--reason", required = true, description = "Why (a ticket, 'corporate VPN egress').")
        String reason;

        @Option(names = "--for", paramLabel = "DURATION", description = "Snooze: the entry ends after this (e.g. 8h, 7d).")
        String duration;

        @Option(names = "--until", paramLabel = "INSTANT", description = "Snooze: the entry ends at this time (ISO-8601, e.g. 2026-12-01T09:00:00Z).")
        Instant until;

        @Override
        public Integer call() {
            if (duration != null && until != null) {
                throw new IllegalArgumentException("give --for or --until, not both");
            }
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            Instant now = Instant.now();
            Instant expiresAt = duration != null ? now.plus(Durations.parse(duration)) : until;
            AllowListEntry entry = AllowListEntry.newBuilder().setEntityType(type).setEntityId(id).setExpiresAt(expiresAt)
                    .setReason(reason).setCreatedBy(by).setCreatedAt(now).build();
            try (LivePublisher publisher = publisher(cfg)) {
                publisher.allowList(entry);
            }
            System.out.printf("Published %s to %s%s%n", LivePublisher.key(type, id), cfg.topics().allowList(),
                    expiresAt == null ? "" : " until " + expiresAt);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an entry (the configured allow-list is not touched).")
    static final class Remove extends Entity implements Callable<Integer> {
        @Override
        public Integer call() {
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            try (LivePublisher publisher = publisher(cfg)) {
                publisher.removeFromAllowList(type, id);
            }
            System.out.printf("Published the removal of %s to %s%n", LivePublisher.key(type, id), cfg.topics().allowList());
            return 0;
        }
    }

    @Command(name = "watch-list", mixinStandardHelpOptions = true,
            description = "Add an entry to the running app's watch-list, or remove one: payouts and logins that match it alert"
                    + " (HIGH) from the next event on, next to the configured list files.",
            subcommands = {WatchListAdd.class, WatchListRemove.class})
    static final class WatchList {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace (same --id) an entry.")
    static final class WatchListAdd extends Signed implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "The reference alerts cite (a case number, a ticket).")
        String id;

        @Option(names = "--kind", required = true,
                description = "instrument (a payout instrument fingerprint or crypto address), name (a holder or intermediary name) or ip.")
        String kind;

        @Option(names = "--value", required = true, description = "The instrument, name or IP address to match.")
        String value;

        @Option(names = "--alias", paramLabel = "NAME", description = "Another spelling of the name (kind name only; repeat for more).")
        List<String> aliases = new ArrayList<>();

        @Option(names = "--programs", paramLabel = "PROGRAM", split = ",",
                description = "Sanctions programs or case labels cited with the entry, comma-separated (e.g. DPRK3,CYBER2).")
        List<String> programs = new ArrayList<>();

        @Option(names = "--reason", required = true, description = "Why it is listed (a ticket, 'OFAC press release 2026-11-30').")
        String reason;

        @Override
        public Integer call() {
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            WatchListItem item = WatchListItem.newBuilder().setId(id).setKind(kind).setValue(value).setAliases(aliases)
                    .setPrograms(programs).setReason(reason).setCreatedBy(by).setCreatedAt(Instant.now()).build();
            try (LivePublisher publisher = publisher(cfg)) {
                publisher.watchList(item);
            }
            System.out.printf("Published watch-list entry %s (%s '%s') to %s; refused changes go to %s%n", id, kind, value,
                    cfg.topics().watchList(), cfg.topics().deadLetter());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an entry added live (the list files are not touched).")
    static final class WatchListRemove extends Signed implements Callable<Integer> {
        @Option(names = "--id", required = true)
        String id;

        @Override
        public Integer call() {
            FlagStreamConfig cfg = FlagStreamCli.load(config);
            try (LivePublisher publisher = publisher(cfg)) {
                publisher.removeFromWatchList(id);
            }
            System.out.printf("Published the removal of watch-list entry %s to %s%n", id, cfg.topics().watchList());
            return 0;
        }
    }
}
