package dev.switchboard.it.app.sgc;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.RpcMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** RPC methods for the sgc scenarios: a JSON-B-mapped call, an application error, the caller, a notification. */
@ApplicationScoped
public class Calculator {

    /** The application error code {@link #divide} answers a zero divisor with. */
    public static final int DIVISION_BY_ZERO = -32010;

    private final Map<String, String> notes = new ConcurrentHashMap<>();

    /**
     * Adds two numbers.
     *
     * @param params the addends
     * @return the sum, as {@code {"sum":..}}
     */
    @RpcMethod("add")
    public Sum add(AddParams params) {
        return new Sum(params.a() + params.b());
    }

    /**
     * Divides two integers.
     *
     * @param params the operands
     * @return the integer quotient
     * @throws RpcException {@link #DIVISION_BY_ZERO} when the divisor is zero
     */
    @RpcMethod("divide")
    public int divide(DivideParams params) {
        if (params.divisor() == 0) {
            throw new RpcException(DIVISION_BY_ZERO, "Division by zero", "divisor");
        }
        return params.dividend() / params.divisor();
    }

    /**
     * The caller's connection id.
     *
     * @param caller the calling connection
     * @return its id
     */
    @RpcMethod("whoami")
    public String whoami(Connection caller) {
        return caller.id();
    }

    /**
     * Keeps a note for the caller; meant to be sent as a notification.
     *
     * @param note   the note
     * @param caller the calling connection
     */
    @RpcMethod("remember")
    public void remember(Note note, Connection caller) {
        notes.put(caller.id(), note.text());
    }

    /**
     * The caller's last note.
     *
     * @param caller the calling connection
     * @return the note, or null
     */
    @RpcMethod("recall")
    public Note recall(Connection caller) {
        String text = notes.get(caller.id());
        return text == null ? null : new Note(text);
    }
}
