package io.flagstream.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every detector's typed settings, by detector id, in catalogue order; each detector declares its record and
 * keys in its own package ({@link DetectorDeclaration}). Keys: {@code flagstream.detector.<detector id>.<setting>}.
 */
public record DetectorsConfig(Map<String, RuleSettings> byId) {
    public DetectorsConfig {
        byId = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    /** The on/off switch, window and grace of the detector with this id. */
    public DetectorSettings common(String id) {
        RuleSettings settings = byId.get(id);
        if (settings == null) {
            throw new IllegalArgumentException("no detector " + id);
        }
        return settings.common();
    }

    /** The settings of the detector that declared them. */
    @SuppressWarnings("unchecked") // the record under the id was built by this very declaration (see ConfigLoader)
    public <S extends RuleSettings> S of(DetectorDeclaration<S> declaration) {
        RuleSettings settings = byId.get(declaration.id());
        if (settings == null) {
            throw new IllegalArgumentException("no detector " + declaration.id());
        }
        return (S) settings;
    }
}
