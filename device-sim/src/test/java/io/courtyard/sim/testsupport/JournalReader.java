package io.courtyard.sim.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.ops.Gateway;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads a running gateway's journal from its SQLite file, the events as upstream would see them. */
public final class JournalReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JournalReader() {}

    /** The bodies of the journal's events of one kind, oldest first, each with its envelope's {@code device}. */
    public static List<JsonNode> events(Gateway gateway, String kind) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = gateway.database().connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT device, body FROM events WHERE kind = ? ORDER BY seq")) {
            s.setString(1, kind);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    // The device is the event's envelope field, as upstream sees it, not part of the body.
                    ObjectNode node = (ObjectNode) JSON.readTree(rs.getString(2));
                    node.put("device", rs.getString(1));
                    out.add(node);
                }
            }
        }
        return out;
    }

    /** A TCP port nobody listens on right now, for a configuration that names its ports. */
    public static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
