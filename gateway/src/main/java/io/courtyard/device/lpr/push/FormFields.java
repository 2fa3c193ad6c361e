package io.courtyard.device.lpr.push;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@code multipart/form-data} push, decoded in memory (the listener has bounded the
 * body already) with Netty's decoder, which caps the number of fields and the bytes it buffers.
 */
final class FormFields {
    /** A camera sends a handful of parts: the alert, two or three pictures, a few form fields. */
    private static final int MAX_FIELDS = 32;
    /** Bytes the decoder may hold while it looks for the next boundary; parts themselves are bounded by the body. */
    private static final int MAX_BUFFERED = 64 << 10;

    /** One part: a form field ({@code filename} null) or a file, with its bytes copied out. */
    record Part(String name, String filename, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Whether a file part's bytes are wanted, judged by its field name, file name and content type. */
    @FunctionalInterface
    interface KeepFile {
        boolean test(String name, String filename, String contentType);
    }

    private FormFields() {}

    /** The form fields only, by name (the first of each name). */
    static Map<String, String> read(FullHttpRequest request) throws MalformedPush {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Part p : parts(request, (name, file, type) -> false)) {
            if (p.filename() == null) {
                fields.putIfAbsent(p.name(), p.text());
            }
        }
        return fields;
    }

    /**
     * Every part; a file's bytes are copied only when {@code keepFile} says so for its name (pictures
     * nobody keeps are never copied), else its {@code bytes} are empty.
     */
    static List<Part> parts(FullHttpRequest request, KeepFile keepFile) throws MalformedPush {
        HttpPostMultipartRequestDecoder d;
        try {
            d = new HttpPostMultipartRequestDecoder(
                    new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8, MAX_FIELDS, MAX_BUFFERED);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IllegalArgumentException e) {
            throw new MalformedPush(
                    "body: not a multipart/form-data body: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Found by fuzzing: Netty's decoder throws NullPointerException on a multipart type without
            // a boundary and ArrayIndexOutOfBoundsException on a Content-Disposition without '=';
            // a stranger's malformed body is a 400 like any other, not a 500 and a stack trace per request.
            throw new MalformedPush(
                    "body: malformed multipart body: " + e.getClass().getSimpleName());
        }
        try {
            List<Part> out = new ArrayList<>();
            for (InterfaceHttpData data : d.getBodyHttpDatas()) {
                if (data instanceof FileUpload f) {
                    boolean keep = keepFile.test(f.getName(), f.getFilename(), f.getContentType());
                    out.add(new Part(f.getName(), f.getFilename(), f.getContentType(), keep ? f.get() : new byte[0]));
                } else if (data instanceof Attribute a) {
                    out.add(new Part(a.getName(), null, "text/plain", a.get()));
                }
            }
            return out;
        } catch (HttpPostRequestDecoder.NotEnoughDataDecoderException e) {
            throw new MalformedPush("body: multipart body ends before its closing boundary");
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException
                | HttpPostRequestDecoder.TooManyFormFieldsException
                | HttpPostRequestDecoder.TooLongFormFieldException
                | IOException e) {
            throw new MalformedPush(
                    "body: malformed multipart body: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // The same decoder defects, met while reading the parts rather than on the first chunk.
            throw new MalformedPush(
                    "body: malformed multipart body: " + e.getClass().getSimpleName());
        } finally {
            d.destroy();
        }
    }
}
