package io.courtyard.sim.lpr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * A Hikvision ANPR camera as its ISAPI "HTTP listening" push behaves (public protocol): each read is
 * a {@code multipart/form-data} POST with an {@code anpr.xml} part ({@code EventNotificationAlert},
 * {@code eventType} ANPR, a fresh {@code UUID}) and a plate picture; alerts that find no server are
 * kept and sent again later with {@code isDataRetransmission} true. It does not act on the answer:
 * the gateway opens the barrier through this camera's {@link IsapiServer}. Built from the public
 * protocol; no real camera was available to compare with.
 */
public final class HikvisionCamera implements AutoCloseable {
    private static final String BOUNDARY = "MIME_boundary_courtyard_sim";
    /** A few bytes standing in for the JPEG; a real one is 20–200 KB. */
    private static final byte[] PICTURE = {
        (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, (byte) 0xFF, (byte) 0xD9
    };

    private final CameraLink link;
    private final PushClient client;
    private final String listName;
    private final Deque<Alert> kept = new ArrayDeque<>();
    private boolean networkUp = true;

    /** One alert as the camera keeps it until delivered. */
    public record Alert(String uuid, String plate, int confidence, Instant time) {}

    /** An alert and the status the gateway answered (0: no answer). */
    public record Push(Alert alert, int status, boolean kept) {}

    /** @param listName what the camera's own list says of every plate ({@code whiteList}, {@code otherList}) */
    public HikvisionCamera(CameraLink link, EventLoopGroup group, String listName) {
        this.link = link;
        this.listName = listName;
        this.client = new PushClient(group, link.gateway(), link.from());
    }

    public synchronized void network(boolean up) {
        networkUp = up;
    }

    public Push read(String plate, int confidence) {
        return read(plate, confidence, Instant.now());
    }

    public synchronized Push read(String plate, int confidence, Instant time) {
        Alert a = new Alert(UUID.randomUUID().toString(), plate, confidence, time);
        if (!networkUp) {
            kept.addLast(a);
            return new Push(a, 0, true);
        }
        int status = 0;
        for (int attempt = 0; attempt <= link.retries() && status != 200; attempt++) {
            status = push(a, false);
        }
        if (status != 200) {
            kept.addLast(a);
            return new Push(a, status, true);
        }
        return new Push(a, status, false);
    }

    /** The same alert again, as a camera retransmits it. */
    public synchronized int resend(Alert a, boolean retransmission) {
        return push(a, retransmission);
    }

    /** Sends the kept alerts, marked as retransmissions, until one is not taken. */
    public synchronized List<Integer> retransmit() {
        List<Integer> out = new ArrayList<>();
        while (!kept.isEmpty() && networkUp) {
            int s = push(kept.peekFirst(), true);
            out.add(s);
            if (s != 200) {
                break;
            }
            kept.pollFirst();
        }
        return out;
    }

    public synchronized int kept() {
        return kept.size();
    }

    private int push(Alert a, boolean retransmission) {
        try {
            return client.send(request(a, retransmission), link.timeout())
                    .join()
                    .status();
        } catch (CompletionException e) {
            return 0;
        }
    }

    FullHttpRequest request(Alert a, boolean retransmission) {
        String time = OffsetDateTime.ofInstant(a.time(), ZoneOffset.ofHours(8))
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<EventNotificationAlert version=\"2.0\" xmlns=\"http://www.isapi.org/ver20/XMLSchema\">\n"
                + "<ipAddress>192.168.1.64</ipAddress>\n<portNo>80</portNo>\n<protocol>HTTP</protocol>\n"
                + "<macAddress>c0:56:e3:aa:bb:cc</macAddress>\n<channelID>1</channelID>\n<dateTime>" + time
                + "</dateTime>\n<activePostCount>1</activePostCount>\n<eventType>ANPR</eventType>\n"
                + "<eventState>active</eventState>\n<eventDescription>ANPR</eventDescription>\n"
                + "<channelName>Camera 01</channelName>\n<ANPR>\n<country>3</country>\n<licensePlate>"
                + (a.plate() == null ? "unknown" : a.plate()) + "</licensePlate>\n<line>1</line>\n"
                + "<direction>forward</direction>\n<confidenceLevel>" + a.confidence() + "</confidenceLevel>\n"
                + "<plateType>92TypeCivil</plateType>\n<plateColor>blue</plateColor>\n<licenseBright>0</licenseBright>\n"
                + "<vehicleType>vehicle</vehicleType>\n<detectDir>8</detectDir>\n<vehicleListName>" + listName
                + "</vehicleListName>\n<pictureInfoList><pictureInfo><fileName>licensePlatePicture.jpg</fileName>"
                + "<type>licensePlatePicture</type></pictureInfo></pictureInfoList>\n</ANPR>\n<UUID>" + a.uuid()
                + "</UUID>\n<picNum>1</picNum>\n<isDataRetransmission>" + retransmission
                + "</isDataRetransmission>\n</EventNotificationAlert>\n";
        ByteBuf body = Unpooled.buffer();
        body.writeCharSequence(
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"anpr.xml\"; filename=\"anpr.xml\"\r\n"
                        + "Content-Type: application/xml\r\nContent-Length: "
                        + xml.getBytes(StandardCharsets.UTF_8).length
                        + "\r\n\r\n",
                StandardCharsets.UTF_8);
        body.writeCharSequence(xml, StandardCharsets.UTF_8);
        body.writeCharSequence(
                "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data;"
                        + " name=\"licensePlatePicture.jpg\"; filename=\"licensePlatePicture.jpg\"\r\nContent-Type: image/jpeg\r\n"
                        + "Content-Length: " + PICTURE.length + "\r\n\r\n",
                StandardCharsets.UTF_8);
        body.writeBytes(PICTURE);
        body.writeCharSequence("\r\n--" + BOUNDARY + "--\r\n", StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, link.uri(), body);
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + BOUNDARY);
        return req;
    }

    @Override
    public void close() {
        client.close();
    }
}
