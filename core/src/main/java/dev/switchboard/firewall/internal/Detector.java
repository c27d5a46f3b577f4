package dev.switchboard.firewall.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The injection detectors: each a list of regular expressions over {@link Normaliser}'s output. The expressions look
 * for the structure of an attack (a quote closing a string then a boolean or a statement, a tag with an event handler,
 * a separator then a shell command) rather than single words, because single words (the seed's {@code --},
 * {@code ;}, {@code |}, {@code 1=1}) fire on ordinary chat; the detection and false-positive rates measured against
 * a public attack corpus and a benign corpus are in {@code docs/firewall.md}.
 */
public enum Detector {

    /** SQL injection. */
    SQL_INJECTION("sql-injection",
            // A quote (or closing parenthesis) closing a string, then a boolean test: ' or '1'='1, " and 5=6
            "['\"`)]\\s*\\)*\\s*(or|and|xor|\\|\\||&&)\\s*\\(*\\s*['\"`]?[\\w@.-]*['\"`]?\\s*(=|<>|!=|<=?|>=?|\\blike\\b|\\bis\\b|\\bin\\b)",
            // A bare numeric tautology after or/and: 1234 or 1=1
            "\\b(or|and)\\s+(\\d+|'\\w*'|\"\\w*\")\\s*(=|<>|!=|<|>)\\s*(\\d+|'\\w*|\"\\w*)",
            "\\bunion\\b(\\s+(all|distinct))?\\s*\\(*\\s*select\\b",
            // A quote then a statement: '; select, 'select x, "; drop
            "['\"`)]\\s*;?\\s*(select|insert|update|delete|drop|exec|execute|declare|shutdown|truncate|union)\\s+[\\w(*@]",
            "['\"`)]\\s*(--|#|/\\*)",
            ";\\s*(drop|truncate|alter)\\s+(table|database|schema)\\b",
            "\\b(create|drop|alter|truncate)\\s+(table|database|schema)\\s+[\\w`\"]",
            "(?<![\\w.$])(sleep|benchmark|pg_sleep|load_file|extractvalue|updatexml|group_concat|concat_ws"
                    + "|current_user|sys_context|utl_inaddr\\.get_host_address|dbms_pipe\\.receive_message)\\s*\\(",
            "\\bselect\\b[\\s(*]*(\\d+\\s*,\\s*)*(char|concat|user|database|version|count|schema|@@\\w+)\\s*\\(",
            "\\bselect\\s*\\(+\\s*select\\b",
            "\\bwaitfor\\s+(delay|time)\\b",
            "\\bxp_(cmdshell|regread|dirtree)\\b|\\bsp_(executesql|oacreate|makewebtask)\\b",
            "\\bexec(ute)?\\s+master\\.",
            "\\binto\\s+(out|dump)file\\b",
            "\\bfrom\\s+[`\"]?(information_schema|mysql\\.user|sysobjects|sys\\.tables|pg_catalog|all_tables)\\b",
            "\\bas\\s*[`\"][^`\"]{0,40}[`\"]?\\s+from\\b|\\d\\s+as\\s*[`\"]\\s*from\\b",
            "`\\s*(regexp|rlike|sounds\\s+like)\\b",
            "@@(version|datadir|hostname|basedir)\\b"),

    /** Cross-site scripting. */
    XSS("xss",
            "<\\s*/?\\s*([a-z]+\\s*:\\s*)?script\\b",
            "\\b(javascript|vbscript|livescript)\\s*:",
            // An event handler attribute inside a tag: <svg/onload=, <x onend=
            "<[a-z!][^>]*?[\\s/\"'](on[a-z]{3,}|formaction|srcdoc)\\s*=",
            // An attribute breaking out of a quoted value: "onzoom=, 'formaction=
            "[\"'`]\\s*(on[a-z]{3,}|formaction|srcdoc)\\s*=",
            "<\\s*/?\\s*(iframe|frame|frameset|object|embed|applet|svg|math|base|meta|link|style|form|dialog|isindex"
                    + "|marquee|xss|template|portal)\\b",
            "\\bdocument\\s*\\.\\s*(cookie|domain|write(ln)?|location)\\b",
            "\\b(window|top|self|parent)\\s*\\.\\s*(location|name)\\s*=",
            "(?<![\\w.$])(eval|settimeout|setinterval|alert|prompt|confirm)\\s*\\(\\s*[^)]*\\)",
            "\\bexpression\\s*\\(",
            "\\bdata\\s*:\\s*(text/html|[^,]{0,30};base64|,)",
            "\\bsrc\\s*=\\s*[\"']?\\s*(data|javascript):"),

    /** Path traversal and OS file access. */
    PATH_TRAVERSAL("path-traversal",
            "(^|[/\\\\=\\s'\":;|,])\\.{2,3}[/\\\\]",
            "[/\\\\]\\.{2,3}([/\\\\]|$)",
            "\\x00",
            "/etc/(passwd|shadow|group|gshadow|hosts|master\\.passwd|subuid|subgid|sudoers|issue|crontab|profile"
                    + "|security/|ssh/)",
            "\\b(boot|win|system)\\.ini\\b",
            "\\b[a-z]:[/\\\\]+(windows|winnt|boot\\.ini|inetpub)\\b",
            "\\bwindows[/\\\\]+(system32|win\\.ini|repair)\\b",
            "\\.ssh/(id_[a-z0-9]+|authorized_keys|known_hosts)\\b",
            "\\.(htaccess|htpasswd)\\b|\\bweb\\.config\\b|\\.git/(config|head)\\b",
            "/proc/(self|\\d+)/(environ|cmdline|fd|maps|mem|status)\\b",
            "(^|[=\\s'\"?&])/(sys|proc)/(class|kernel|devices|block|self|version)\\b",
            "/(usr/local/)?apache2?/conf/|/etc/(apache2|httpd|nginx)/",
            ">\\s*/(tmp|var/tmp|dev/shm)/\\S"),

    /** Command injection. */
    COMMAND_INJECTION("command-injection",
            // A shell separator then a command: ;cat, | id, && wget, newline then cat, $(whoami), `id`
            "(;|\\||&&|\\n|\\$\\(|`)\\s*(cat|ls|id|whoami|uname|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|python[0-9.]*"
                    + "|perl|ruby|php|ping|nslookup|ifconfig|ipconfig|chmod|chown|rm|mv|cp|echo|tar|telnet|ftp"
                    + "|tftp|powershell|cmd|certutil|lwp-download|lwp-request|kill|killall|awk|base64|xxd|nohup|sudo"
                    + "|crontab|useradd|systemctl|hostname|printenv|uptime|netstat|socat|mkfifo|getent)\\b(?!\\s*[=)])",
            "(;|\\||&&|\\n|\\$\\(|`)\\s*sleep\\s+\\d",
            // A value that starts with a command taking a path or an option: =cat /etc/passwd
            "=\\s*(cat|ls|wget|curl|nc|bash|sh|python[0-9.]*|perl|ruby|php|ping|chmod|rm|tar|echo|sleep)\\s+[-/]",
            "(^|[\\s=;|&'\"(])/(usr/)?(local/)?s?bin/[a-z0-9_.-]+",
            "\\brm\\s+-[a-z]*[rf]",
            "\\b(wget|curl|lwp-download|fetch)\\s+(-[\\w-]+\\s+)*(https?|ftp)://",
            "/dev/(tcp|udp)/",
            "\\b(ba|z|k|da)?sh\\s+-[a-z]*c\\b",
            "\\b(nc|ncat|netcat)\\s+(-[a-z]+\\s+)*[\\w.-]+\\s+\\d{2,5}\\b",
            "\\(\\s*\\)\\s*\\{\\s*:\\s*;\\s*\\}\\s*;",
            "<!--\\s*#\\s*(exec|include)\\b",
            "\\b(system|passthru|shell_exec|popen|proc_open|exec|eval)\\s*\\(\\s*['\"]",
            "\\bpowershell(\\.exe)?\\s+-|\\bcmd(\\.exe)?\\s+/[ck]\\b",
            "\\btar\\s+-?[a-z]*[cx][a-z]*f\\s",
            "\\bexec\\s+\\d*\\s*<>",
            "\\b(python[0-9.]*\\s+-[cm]|perl\\s+-e|ruby\\s+-e|php\\s+-r)\\b",
            "\\$\\{ifs\\}|\\$ifs\\b");

    private final String rule;
    private final List<Pattern> patterns;

    Detector(String rule, String... expressions) {
        this.rule = rule;
        List<Pattern> compiled = new ArrayList<>(expressions.length);
        for (String expression : expressions) {
            compiled.add(Pattern.compile(expression));
        }
        this.patterns = List.copyOf(compiled);
    }

    /**
     * The rule name used in logs, counters and configuration keys.
     *
     * @return the rule name
     */
    public String rule() {
        return rule;
    }

    /**
     * Whether normalised text matches this detector's built-in expressions or the extra ones.
     *
     * @param normalised the output of {@link Normaliser#normalise}
     * @param compact    the same without white space
     * @param extra      configured extra expressions (compiled case-insensitive)
     * @return true on a detection
     */
    public boolean matches(String normalised, String compact, List<Pattern> extra) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(normalised).find()) {
                return true;
            }
        }
        // Tags spelled with spaces between their letters (<f o r m) are only visible without white space.
        if (this == XSS && compact.length() != normalised.length()) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(compact).find()) {
                    return true;
                }
            }
        }
        for (Pattern pattern : extra) {
            if (pattern.matcher(normalised).find()) {
                return true;
            }
        }
        return false;
    }
}
