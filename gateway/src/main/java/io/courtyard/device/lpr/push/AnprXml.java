package io.courtyard.device.lpr.push;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an ISAPI {@code EventNotificationAlert} into its element texts by path ({@code eventType},
 * {@code ANPR/licensePlate}, ...), namespaces ignored. No DTD, no external entities, bounded depth
 * and text: an alert is a flat document, anything else is refused.
 */
final class AnprXml {
    private static final XMLInputFactory XML = secureFactory();
    private static final int MAX_DEPTH = 16;
    private static final int MAX_TEXT = 1024;

    private AnprXml() {}

    static Map<String, String> read(byte[] xml) throws MalformedPush {
        Map<String, String> out = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(new ByteArrayInputStream(xml));
            boolean root = true;
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (root) {
                            if (!"EventNotificationAlert".equals(r.getLocalName())) {
                                throw new MalformedPush(
                                        "anpr.xml", "an EventNotificationAlert", "<" + r.getLocalName() + ">");
                            }
                            root = false;
                        } else {
                            path.addLast(r.getLocalName());
                        }
                        if (path.size() > MAX_DEPTH) {
                            throw new MalformedPush("anpr.xml: nested deeper than " + MAX_DEPTH + " elements");
                        }
                        text.setLength(0);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (text.length() + r.getTextLength() > MAX_TEXT) {
                            throw new MalformedPush("anpr.xml: an element's text is longer than " + MAX_TEXT);
                        }
                        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (!path.isEmpty()) {
                            out.putIfAbsent(
                                    String.join("/", path), text.toString().strip());
                            path.removeLast();
                        }
                        text.setLength(0);
                    }
                    case XMLStreamConstants.DTD -> throw new MalformedPush("anpr.xml: a DTD is not allowed");
                    default -> {
                        // comments, processing instructions, whitespace: nothing to read
                    }
                }
            }
            if (root) {
                throw new MalformedPush("anpr.xml", "an EventNotificationAlert", "no element");
            }
            return out;
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw new MalformedPush("anpr.xml: not well-formed XML at line " + line);
        } catch (RuntimeException e) {
            // Found by fuzzing: the JDK's StAX reader throws MissingResourceException (its message
            // key InvalidCharInDTD is missing) for an invalid character in a DTD it skips.
            throw new MalformedPush(
                    "anpr.xml: not well-formed XML (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }
}
