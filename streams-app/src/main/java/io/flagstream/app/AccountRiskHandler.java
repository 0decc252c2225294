package io.flagstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flagstream.config.ClusterSettings;
import io.flagstream.config.RiskSettings;
import io.flagstream.risk.RiskProfiles;
import io.flagstream.risk.RiskTopology;
import io.flagstream.risk.UnionFind;
import io.flagstream.state.ClusterLink;
import io.flagstream.state.ClusterMember;
import io.flagstream.state.ClusterNode;
import io.flagstream.state.ClusterSummary;
import io.flagstream.state.RiskEntry;
import io.flagstream.state.RiskProfile;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /accounts/{id}/risk}: the account's risk profile (score now, contributing alerts with their
 * decayed share) and its linked-account cluster, read with interactive queries. The profile lives in the
 * task that owns the account's partition of {@code alerts-by-account}, the cluster in the single cluster
 * task; each part is read locally when this instance owns it, otherwise fetched from its owner
 * ({@link KafkaStreams#queryMetadataForKey}, {@code application.server}) as {@code /accounts/{id}/profile} or
 * {@code /cluster} with {@code ?local=true}. While ownership moves (rebalancing, an instance leaving) the answer
 * is 503 with {@code Retry-After}, never a profile read from an instance that does not hold the account.
 */
public final class AccountRiskHandler {
    /** Where a store's key lives, and the local store that holds it. */
    public interface StoreAccess {
        /**
         * This instance's store for {@code key}; throws {@link InvalidStateStoreException} when this instance
         * does not host the key's partition now, so that a key owned elsewhere never reads as an empty profile.
         */
        <V> ReadOnlyKeyValueStore<String, V> local(String store, String key);

        /** The instance that owns {@code key}, null for this one; throws {@link InvalidStateStoreException} while nobody is known to. */
        HostInfo owner(String store, String key);
    }

    /** A response: HTTP status and JSON body. */
    public record Response(int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StoreAccess stores;
    private final RiskSettings risk;
    private final ClusterSettings clusters;
    /** Peers are asked with the JVM's default trust (javax.net.ssl.trustStore) when the data API runs HTTPS. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String peerScheme;
    private final boolean showSharedValues;

    /**
     * {@code peerScheme} is how peers' data APIs are reached (http or https); {@code showSharedValues} puts the
     * shared IP, instrument or device of each link into the answer (personal data: off unless the deployment allows it).
     */
    public AccountRiskHandler(StoreAccess stores, RiskSettings risk, ClusterSettings clusters, String peerScheme, boolean showSharedValues) {
        this.stores = stores;
        this.risk = risk;
        this.clusters = clusters;
        this.peerScheme = peerScheme;
        this.showSharedValues = showSharedValues;
    }

    /** Store access of a running app; {@code self} is this instance's application.server (null: single instance). */
    public static StoreAccess of(KafkaStreams streams, HostInfo self) {
        return new StoreAccess() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> local(String store, String key) {
                StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> query =
                        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore());
                return streams.store(self == null ? query : query.withPartition(metadata(store, key).partition()));
            }

            @Override
            public HostInfo owner(String store, String key) {
                if (self == null) {
                    return null;
                }
                HostInfo owner = metadata(store, key).activeHost();
                return owner.equals(self) ? null : owner;
            }

            private KeyQueryMetadata metadata(String store, String key) {
                KeyQueryMetadata m = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
                if (m == null || m == KeyQueryMetadata.NOT_AVAILABLE) {
                    throw new InvalidStateStoreException("no instance owns " + store + " for " + key + " now");
                }
                return m;
            }
        };
    }

    /**
     * {@code part} is "risk" (the whole answer), or for a peer "profile" or "cluster" (one part each: the
     * profile's owner need not own the cluster task, so each part is fetched from its own owner).
     * {@code authorization} is the caller's header, passed on to a peer (every instance accepts the same tokens).
     */
    public Response handle(String account, String part, boolean localOnly, String authorization) {
        try {
            ObjectNode body = switch (part) {
                case "profile" -> profile(account, localOnly, authorization);
                case "cluster" -> cluster(account, localOnly, authorization);
                default -> {
                    ObjectNode risk = profile(account, localOnly, authorization);
                    risk.set("cluster", cluster(account, localOnly, authorization).get("cluster"));
                    yield risk;
                }
            };
            return new Response(200, JSON.writeValueAsString(body));
        } catch (InvalidStateStoreException e) {
            // Rebalancing, restoring, or the owner not reachable yet: the answer exists, ask again shortly.
            return new Response(503, "{\"error\":\"state not queryable now (rebalancing?): " + e.getMessage().replace('"', '\'') + "\"}");
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Response(502, "{\"error\":\"owner instance did not answer: " + e.getMessage() + "\"}");
        }
    }

    private ObjectNode profile(String account, boolean localOnly, String authorization) throws IOException, InterruptedException {
        HostInfo owner = localOnly ? null : stores.owner(RiskTopology.PROFILES_STORE, account);
        if (owner != null) {
            return (ObjectNode) JSON.readTree(fetch(owner, account, "profile", authorization));
        }
        RiskProfile p = stores.<RiskProfile>local(RiskTopology.PROFILES_STORE, account).get(account);
        ObjectNode out = JSON.createObjectNode();
        out.put("account", account);
        out.put("threshold", risk.threshold());
        out.put("halfLife", risk.halfLife().toString());
        ArrayNode alerts = out.putArray("contributions");
        if (p == null) {
            out.put("score", 0.0);
            out.putNull("asOf");
        } else {
            long now = p.getUpdatedAt();
            out.put("score", round(RiskProfiles.score(p, now, risk)));
            out.put("asOf", java.time.Instant.ofEpochMilli(now).toString());
            for (RiskEntry e : p.getContributions()) {
                ObjectNode a = alerts.addObject();
                a.put("alertId", e.getAlertId());
                a.put("revision", e.getRevision());
                a.put("ruleId", e.getRuleId());
                a.put("indicator", e.getIndicator());
                a.put("entity", e.getEntityType() + ":" + e.getEntityId());
                a.put("weight", e.getWeight());
                a.put("contribution", round(RiskProfiles.contribution(e, now, risk)));
                a.put("lastSeen", java.time.Instant.ofEpochMilli(e.getTime()).toString());
            }
        }
        return out;
    }

    private ObjectNode cluster(String account, boolean localOnly, String authorization) throws IOException, InterruptedException {
        HostInfo owner = localOnly ? null : stores.owner(RiskTopology.NODES_STORE, account);
        if (owner != null) {
            return (ObjectNode) JSON.readTree(fetch(owner, account, "cluster", authorization));
        }
        ObjectNode out = JSON.createObjectNode();
        ReadOnlyKeyValueStore<String, ClusterNode> nodes = stores.local(RiskTopology.NODES_STORE, account);
        String root = UnionFind.root(nodes, account);
        ClusterSummary c = root == null ? null : stores.<ClusterSummary>local(RiskTopology.SUMMARIES_STORE, root).get(root);
        int size = root == null ? 0 : nodes.get(root).getSize();
        if (c == null || size < 2) {
            out.putNull("cluster");
            return out;
        }
        ObjectNode node = out.putObject("cluster");
        node.put("findingId", c.getFindingId());
        node.put("size", size);
        node.put("minSize", clusters.minSize());
        // The summary lists every member of a small component, the riskiest of a big one.
        ArrayNode members = node.putArray("linkedAccounts");
        c.getMembers().stream().map(ClusterMember::getAccount).filter(m -> !m.equals(account)).sorted().forEach(members::add);
        node.put("linkCount", c.getLinkCount());
        ArrayNode links = node.putArray("links");
        for (ClusterLink l : c.getLinks()) {
            ObjectNode link = links.addObject().put("account", l.getAccount()).put("other", l.getOther()).put("via", l.getVia());
            if (showSharedValues) {
                link.put("value", l.getValue());
            }
            link.put("time", java.time.Instant.ofEpochMilli(l.getTime()).toString());
        }
        return out;
    }

    private String fetch(HostInfo owner, String account, String part, String authorization) throws IOException, InterruptedException {
        URI uri = URI.create(peerScheme + "://" + owner.host() + ":" + owner.port() + "/accounts/"
                + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/" + part + "?local=true");
        HttpResponse<String> r;
        try {
            r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            // The metadata still names an instance that has left: the next rebalance moves its partitions.
            throw new InvalidStateStoreException("owner " + owner + " does not answer (leaving?): " + e);
        }
        if (r.statusCode() == 503) {
            throw new InvalidStateStoreException("owner " + owner + " is not ready: " + r.body().strip());
        }
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
