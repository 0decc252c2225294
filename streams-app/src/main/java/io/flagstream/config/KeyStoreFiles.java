package io.flagstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Locale;
import java.util.Map;

/**
 * Key and trust stores opened at start-up, so that a missing file, a wrong password or a wrong type stops the app
 * with one line naming the setting instead of a stack trace from deep inside a client.
 */
public final class KeyStoreFiles {
    private KeyStoreFiles() {
    }

    /** The settings naming one store: its location, password and type keys. */
    public record Keys(String location, String password, String type) {
    }

    public static KeyStore open(Path location, String password, String type, Keys keys) {
        if (!Files.isReadable(location)) {
            throw new ConfigException(keys.location(), "names no readable file: " + location);
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(keys.type(), "names an unknown key store type '" + type + "' (use PKCS12 or JKS)");
        }
        try (InputStream in = Files.newInputStream(location)) {
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            // A wrong password is an IOException caused by UnrecoverableKeyException; anything else is the file.
            String setting = e.getCause() instanceof UnrecoverableKeyException ? keys.password() : keys.location();
            throw new ConfigException(setting, "does not open the key store " + location + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(keys.type(), "cannot read " + location + " as " + type + ": " + e.getMessage());
        }
    }

    /**
     * Opens the Kafka clients' {@code ssl.truststore.*} and {@code ssl.keystore.*} stores given as pass-through
     * settings, where they are files Java reads (JKS, PKCS12; PEM and inline certificates are left to the client).
     */
    static void checkKafkaClientStores(Map<String, String> clientSettings) {
        for (String store : new String[] {"ssl.truststore", "ssl.keystore"}) {
            String location = clientSettings.get(store + ".location");
            String type = clientSettings.getOrDefault(store + ".type", "JKS");
            if (location != null && (type.equalsIgnoreCase("JKS") || type.equalsIgnoreCase("PKCS12"))) {
                String prefix = RawConfig.KAFKA_PREFIX + store;
                open(Path.of(location), clientSettings.get(store + ".password"), type.toUpperCase(Locale.ROOT),
                        new Keys(prefix + ".location", prefix + ".password", prefix + ".type"));
            }
        }
    }
}
