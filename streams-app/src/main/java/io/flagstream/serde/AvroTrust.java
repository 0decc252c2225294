package io.flagstream.serde;

import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro instantiate FlagStream's generated classes when it decodes.
 *
 * <p>Avro 1.12 checks every class it loads by name while decoding against a global
 * {@link ClassSecurityValidator} and throws {@code SecurityException: Forbidden <class>!} for any class
 * not trusted, which by default is all generated classes. The documented alternative, the system property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}, is read once when Avro's validator class initialises, so
 * setting it from code works only if nothing touched Avro before; composing the global predicate works
 * whenever it runs.
 */
public final class AvroTrust {

    private static final String FLAGSTREAM_PACKAGE_PREFIX = "io.flagstream.";

    private AvroTrust() {
    }

    /**
     * Adds trust in FlagStream's generated records, enums and fixed types to whatever trust is configured
     * (system properties, or a predicate the application installed), keeping that trust and its way of
     * refusing. Idempotent and thread-safe; the serdes call it from their constructors so nobody can forget.
     */
    public static synchronized void trustFlagStreamClasses() {
        ClassSecurityPredicate configured = ClassSecurityValidator.getGlobal();
        if (!(configured instanceof TrustFlagStreamToo)) {
            ClassSecurityValidator.setGlobal(new TrustFlagStreamToo(configured));
        }
    }

    /**
     * Trusts generated FlagStream types, then defers to the configured predicate. Only generated types:
     * the validator exists to stop a schema naming an arbitrary class to instantiate, and that should stay
     * impossible for FlagStream's own non-Avro classes too.
     */
    private record TrustFlagStreamToo(ClassSecurityPredicate configured) implements ClassSecurityPredicate {

        @Override
        public boolean isTrusted(Class<?> type) {
            return isGeneratedFlagStreamType(type) || configured.isTrusted(type);
        }

        @Override
        public void forbiddenClass(String className) {
            configured.forbiddenClass(className);
        }

        private static boolean isGeneratedFlagStreamType(Class<?> type) {
            return type.getName().startsWith(FLAGSTREAM_PACKAGE_PREFIX)
                    && (SpecificRecord.class.isAssignableFrom(type)
                    || GenericEnumSymbol.class.isAssignableFrom(type)
                    || GenericFixed.class.isAssignableFrom(type));
        }
    }
}
