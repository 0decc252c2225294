package io.flagstream.live;

import java.util.List;

/** The entity types an allow-list entry can name: the entity types of alerts. */
public final class EntityTypes {
    public static final String ACCOUNT = "account";
    public static final String IP = "ip";
    public static final String INSTRUMENT = "instrument";
    public static final List<String> ALL = List.of(ACCOUNT, IP, INSTRUMENT);

    private EntityTypes() {
    }
}
