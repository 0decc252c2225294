package io.flagstream.detect;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A processor supplier that declares its own stores, so a detector's stores are connected exactly where
 * its processor is added. The store order is kept, so {@code describe()} (and its golden copy) is stable.
 */
public record ProcessorWithStores<KIn, VIn, KOut, VOut>(Supplier<Processor<KIn, VIn, KOut, VOut>> factory,
                                                        List<StoreBuilder<?>> storeBuilders)
        implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    public static <KIn, VIn, KOut, VOut> ProcessorWithStores<KIn, VIn, KOut, VOut> of(
            Supplier<Processor<KIn, VIn, KOut, VOut>> factory, StoreBuilder<?>... stores) {
        return new ProcessorWithStores<>(factory, List.of(stores));
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return factory.get();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return new LinkedHashSet<>(storeBuilders);
    }
}
