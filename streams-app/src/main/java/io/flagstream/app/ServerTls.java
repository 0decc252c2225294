package io.flagstream.app;

import io.flagstream.config.ConfigException;
import io.flagstream.config.HttpSettings;
import io.flagstream.config.KeyStoreFiles;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The data API's server-side TLS context from its key store; a key store that cannot be used stops start-up naming the setting. */
final class ServerTls {
    private ServerTls() {
    }

    static SSLContext context(HttpSettings.Tls tls) {
        char[] password = tls.password().toCharArray();
        KeyStore store = KeyStoreFiles.open(tls.keyStore(), tls.password(), tls.type(), new KeyStoreFiles.Keys(
                "flagstream.http.api.tls.keystore.location", "flagstream.http.api.tls.keystore.password", "flagstream.http.api.tls.keystore.type"));
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("flagstream.http.api.tls.keystore.password", "does not unlock the key in " + tls.keyStore() + ": " + e.getMessage());
        }
    }
}
