package dev.switchboard.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the wire log masks in a frame's text, and what it leaves readable. */
class MaskingHidesCredentialsInWireTextTest {

    @Test
    void credentialMembersOfJsonAreMaskedAndOthersKept() {
        assertThat(
                        Masking.mask(
                                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@refresh\",\"params\":{\"token\" : \"eyJ.x.y\"},\"id\":\"9\"}"))
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@refresh\",\"params\":{\"token\" : \"***\"},\"id\":\"9\"}");
        assertThat(Masking.mask("{\"user\":\"alice\",\"Password\":\"s\\\"ecret\",\"ticket\":\"T1\"}"))
                .isEqualTo("{\"user\":\"alice\",\"Password\":\"***\",\"ticket\":\"***\"}");
        assertThat(Masking.mask("{\"note\":\"token\",\"count\":3}")).isEqualTo("{\"note\":\"token\",\"count\":3}");
    }

    @Test
    void membersOfJsonSentOnAsAStringAreMasked() {
        assertThat(Masking.mask("{\"message\":\"{\\\"password\\\":\\\"pw1\\\",\\\"a\\\":1}\"}"))
                .isEqualTo("{\"message\":\"{\\\"password\\\":\\\"***\\\",\\\"a\\\":1}\"}");
    }

    @Test
    void queryValuesSgcUrlFormsHeadersAndPostKeysAreMasked() {
        assertThat(Masking.mask("uri /chat?room=1&ticket=Q2x-abc&x=2")).isEqualTo("uri /chat?room=1&ticket=***&x=2");
        assertThat(Masking.mask("/sgc/auth/url/alice/pw-1/rest")).isEqualTo("/sgc/auth/url/alice/***/rest");
        assertThat(Masking.mask("/sgc/auth/session/TOKEN1")).isEqualTo("/sgc/auth/session/***");
        assertThat(Masking.mask("Authorization: Basic YWxpY2U6cHc=\r\nHost: h"))
                .isEqualTo("Authorization: ***\r\nHost: h");
        assertThat(Masking.mask("event: post-key\ndata: KEY123\n\n")).isEqualTo("event: post-key\ndata: ***\n\n");
        assertThat(Masking.mask("myticket=keep")).isEqualTo("myticket=keep");
    }

    @Test
    void aTruncatedValueIsMaskedToTheEnd() {
        assertThat(Masking.mask("{\"password\":\"unterminated")).isEqualTo("{\"password\":\"***");
    }
}
