package dev.switchboard.protocol.wamp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Any WAMP message decodes or is refused with the protocol's own exception: a {@code wamp.2.msgpack} binary
 * message into one JSON value (never more than one, never a runtime exception from the MessagePack reader), a
 * {@code wamp.2.json} text or a WAMP v1 text into a non-empty array. The two text readers are the routers' private
 * first step, reached here by reflection so the router's code stays as it is.
 */
class WampMessagesDecodeToAnArrayOrAProtocolErrorFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void msgpack(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            JsonValue value = WampMsgpack.decode(ByteBuffer.wrap(bytes));
            assertThat(value).isNotNull();
            // What the router read it can write again.
            assertThat(WampMsgpack.decode(WampMsgpack.encode(value))).isEqualTo(value);
        } catch (WampProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void json(FuzzedDataProvider data) throws Exception {
        String text = data.consumeRemainingAsString();
        readTextWith(WampRouter.class, WampProtocolException.class, text);
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void v1Json(FuzzedDataProvider data) throws Exception {
        String text = data.consumeRemainingAsString();
        readTextWith(WampV1Engine.class, WampV1Engine.Refusal.class, text);
    }

    private static void readTextWith(Class<?> reader, Class<? extends Exception> refusal, String text)
            throws Exception {
        Method parse = reader.getDeclaredMethod("parse", String.class);
        parse.setAccessible(true);
        try {
            JsonArray array = (JsonArray) parse.invoke(null, text);
            assertThat(array).isNotEmpty();
        } catch (InvocationTargetException e) {
            if (!refusal.isInstance(e.getCause())) {
                throw e;
            }
        }
    }
}
