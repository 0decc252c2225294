package io.flagstream.bench.adversarial;

import io.flagstream.replay.EventTimeOrder;
import io.flagstream.replay.ReplayEvent;
import io.flagstream.sim.DemoScenario;
import io.flagstream.sim.Simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The simulator's events in event-time order, as {@code simulate} writes them (one day of reorder buffer). The
 * simulator only pushes, so its events are generated up front; each is released as it is handed out, so the
 * buffer is empty by the end of a phase and does not count in the phase's retained heap.
 */
final class SimulatorSource implements EventSource {
    private final ArrayDeque<ReplayEvent> events = new ArrayDeque<>();
    private final List<String> allowedIps;
    private final List<String> allowedInstruments;
    private long handedOut;

    SimulatorSource(DemoScenario scenario) {
        Simulator simulator = new Simulator(scenario);
        try (EventTimeOrder ordered = new EventTimeOrder(Duration.ofDays(1), e -> events.add(ReplayEvent.of(e)))) {
            simulator.run(ordered);
        }
        allowedIps = simulator.corporateEgressIps();
        allowedInstruments = simulator.agencyInstruments();
    }

    /** Events not handed out yet. */
    long remaining() {
        return events.size();
    }

    /** The corporate egress IPs a platform would allow-list, as the demo and {@code replay --config} set them. */
    List<String> allowedIps() {
        return allowedIps;
    }

    /** The agency payout accounts a platform would allow-list. */
    List<String> allowedInstruments() {
        return allowedInstruments;
    }

    @Override
    public ReplayEvent next() {
        ReplayEvent e = events.poll();
        if (e != null) {
            handedOut++;
        }
        return e;
    }

    @Override
    public long handedOut() {
        return handedOut;
    }
}
