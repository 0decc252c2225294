package io.flagstream.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The settings declarations of every detector, as the detector catalogue lists them. The catalogue lives in
 * {@code detect}, which depends on {@code config}; a direct reference back would make a package cycle
 * (PackageCyclesTest), so the catalogue provides them as a service (META-INF/services).
 */
public final class DetectorDeclarations {
    /** Implemented by the detector catalogue. */
    public interface Provider {
        List<DetectorDeclaration<?>> declarations();
    }

    private static final List<DetectorDeclaration<?>> ALL = load();

    private DetectorDeclarations() {
    }

    /** Every detector's declaration, in catalogue order. */
    public static List<DetectorDeclaration<?>> all() {
        return ALL;
    }

    private static List<DetectorDeclaration<?>> load() {
        List<Provider> providers = ServiceLoader.load(Provider.class, DetectorDeclarations.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (providers.size() != 1) {
            throw new IllegalStateException("expected one detector catalogue on the class path, found " + providers.size());
        }
        return List.copyOf(providers.get(0).declarations());
    }
}
