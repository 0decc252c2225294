package io.flagstream.app;

import io.flagstream.config.ConfigException;
import io.flagstream.config.HttpSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The data API's server-side TLS context from its key store; a key store that cannot be used stops start-up naming the setting. */
final class ServerTls {
    private ServerTls() {
    }

    static SSLContext context(HttpSettings.Tls tls) {
        char[] password = tls.password().toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            store = KeyStore.getInstance(tls.type());
            store.load(in, password);
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException.
            String setting = e.getCause() instanceof UnrecoverableKeyException
                    ? "flagstream.http.api.tls.keystore.password" : "flagstream.http.api.tls.keystore.location";
            throw new ConfigException(setting, "does not open the key store " + tls.keyStore() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("flagstream.http.api.tls.keystore.type", "cannot read " + tls.keyStore() + " as " + tls.type() + ": " + e.getMessage());
        }
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
