package dev.switchboard.protocol.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class E2eeDirectoryKeepsItsBoundsTest {

    private final E2eeDirectory directory = new E2eeDirectory(new E2eeSettings(1024, 2, 2, 2, 1));

    private static String code(Throwable e) {
        return ((E2eeDirectory.Refused) e).code;
    }

    @Test
    void keysBeyondTheBoundAreRefusedButAUserMayReplaceTheirs() throws Exception {
        directory.putKey(new E2eeDirectory.Key("alice", "k1", "x"));
        directory.putKey(new E2eeDirectory.Key("bob", "k2", "x"));
        directory.putKey(new E2eeDirectory.Key("alice", "k3", "y"));

        assertThat(directory.key("alice")).map(E2eeDirectory.Key::keyId).contains("k3");
        assertThatThrownBy(() -> directory.putKey(new E2eeDirectory.Key("carol", "k4", "x")))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("directory-full");
    }

    @Test
    void groupsMembersAndGroupsPerUserAreBounded() throws Exception {
        directory.create("ops", "alice");
        assertThatThrownBy(() -> directory.create("ops", "bob"))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("group-exists");
        assertThatThrownBy(() -> directory.create("dev", "alice"))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("too-many-groups");
        directory.join("ops", "bob");
        assertThatThrownBy(() -> directory.join("ops", "carol"))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("group-full");
        directory.create("dev", "carol");
        assertThatThrownBy(() -> directory.create("qa", "dave"))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("too-many-groups");
        assertThatThrownBy(() -> directory.join("nowhere", "dave"))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("no-group");
    }

    @Test
    void theOwnerLeavingHandsTheGroupOnAndTheLastMemberLeavingRemovesIt() throws Exception {
        directory.create("ops", "alice");
        directory.join("ops", "bob");

        Optional<E2eeDirectory.Group> left = directory.leave("ops", "alice");
        assertThat(left).map(E2eeDirectory.Group::owner).contains("bob");
        assertThat(directory.groupsOf("alice")).isEmpty();
        assertThatThrownBy(() -> directory.delete("ops", "alice"))
                .extracting(E2eeDirectoryKeepsItsBoundsTest::code)
                .isEqualTo("not-owner");
        assertThat(directory.leave("ops", "bob")).isEmpty();
        assertThat(directory.group("ops")).isEmpty();
        assertThat(directory.groupsOf("bob")).isEmpty();
    }

    @Test
    void anotherNodesViewReplacesTheGroupAndItsMembersIndex() throws Exception {
        directory.create("ops", "alice");
        directory.replace("ops", Optional.of(new E2eeDirectory.Group("ops", "bob", List.of("bob", "carol"))));

        assertThat(directory.groupsOf("alice")).isEmpty();
        assertThat(directory.groupsOf("carol")).containsExactly("ops");
        directory.replace("ops", Optional.empty());
        assertThat(directory.group("ops")).isEmpty();
        assertThat(directory.groupsOf("carol")).isEmpty();
    }

    @Test
    void namesAndKeysAreCheckedBeforeTheyEnterAChannelName() {
        assertThat(E2eeRelay.validName("ops-team.eu")).isTrue();
        for (String bad : List.of("", "a/b", "a,b", "a*", "a?", "[a]", "tab\there", "x".repeat(129))) {
            assertThat(E2eeRelay.validName(bad)).as(bad).isFalse();
        }
        // The point of a real key and its fingerprint; any other id, or bytes that are not a point, are refused.
        String key = "BGsX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKWT-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfU";
        assertThat(E2eeRelay.fingerprintMatches(fingerprint(key), key)).isTrue();
        assertThat(E2eeRelay.fingerprintMatches("AAAAAAAAAAAAAAAA", key)).isFalse();
        assertThat(E2eeRelay.fingerprintMatches(fingerprint("AAAA"), "AAAA")).isFalse();
        assertThat(E2eeRelay.fingerprintMatches("x", "not base64 !")).isFalse();
    }

    private static String fingerprint(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.util.Base64.getUrlDecoder().decode(key));
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
