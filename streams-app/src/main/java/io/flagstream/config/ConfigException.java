package io.flagstream.config;

/** A setting is missing or invalid. The message always names the setting, so start-up can stop with it alone. */
public final class ConfigException extends RuntimeException {
    private final String setting;

    public ConfigException(String setting, String problem) {
        super("Invalid configuration: " + setting + " " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
