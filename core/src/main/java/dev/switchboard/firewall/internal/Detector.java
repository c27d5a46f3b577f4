package dev.switchboard.firewall.internal;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * The injection detectors: each a list of regular expressions over {@link Normaliser}'s output, compiled with RE2/J
 * so that matching runs in time linear in the text whatever the text (no backtracking: the expressions use no
 * lookaround or backreference, which RE2 does not have). The expressions look
 * for the structure of an attack (a quote closing a string then a boolean or a statement, a tag with an event handler,
 * a separator then a shell command) rather than single words, because single words (the seed's {@code --},
 * {@code ;}, {@code |}, {@code 1=1}) fire on ordinary chat; the detection and false-positive rates measured against
 * a public attack corpus and a benign corpus are in {@code docs/firewall.md}.
 */
public enum Detector {

    /** SQL injection. */
    SQL_INJECTION(
            "sql-injection",
            // A quote (or closing parenthesis) closing a string, then a boolean test: ' or '1'='1, " and 5=6
            expr(
                    "['\"`)]\\s*\\)*\\s*(or|and|xor|\\|\\||&&)\\s*\\(*\\s*['\"`]?[\\w@.-]*['\"`]?\\s*"
                            + "(=|<>|!=|<=?|>=?|\\blike\\b|\\bis\\b|\\bin\\b)",
                    anyOf("'", "\"", "`", ")"),
                    anyOf("or", "and", "||", "&&")),
            // A bare numeric tautology after or/and: 1234 or 1=1
            expr(
                    "\\b(or|and)\\s+(\\d+|'\\w*'|\"\\w*\")\\s*(=|<>|!=|<|>)\\s*(\\d+|'\\w*|\"\\w*)",
                    anyOf("=", "<", ">"),
                    anyOf("or", "and")),
            expr("\\bunion\\b(\\s+(all|distinct))?\\s*\\(*\\s*select\\b", anyOf("union"), anyOf("select")),
            // A quote then a statement: '; select, 'select x, "; drop
            expr(
                    "['\"`)]\\s*;?\\s*(select|insert|update|delete|drop|exec|execute|declare|shutdown|truncate|union)"
                            + "\\s+[\\w(*@]",
                    anyOf("'", "\"", "`", ")"),
                    anyOf(
                            "select",
                            "insert",
                            "update",
                            "delete",
                            "drop",
                            "exec",
                            "declare",
                            "shutdown",
                            "truncate",
                            "union")),
            expr("['\"`)]\\s*(--|#|/\\*)", anyOf("'", "\"", "`", ")"), anyOf("--", "#", "/*")),
            expr(
                    ";\\s*(drop|truncate|alter)\\s+(table|database|schema)\\b",
                    anyOf(";"),
                    anyOf("table", "database", "schema")),
            expr(
                    "\\b(create|drop|alter|truncate)\\s+(table|database|schema)\\s+[\\w`\"]",
                    anyOf("table", "database", "schema")),
            expr(
                    "(^|[^\\w.$])(sleep|benchmark|pg_sleep|load_file|extractvalue|updatexml|group_concat|concat_ws"
                            + "|current_user|sys_context|utl_inaddr\\.get_host_address|dbms_pipe\\.receive_message)\\s*\\(",
                    anyOf("("),
                    anyOf(
                            "sleep",
                            "benchmark",
                            "load_file",
                            "extractvalue",
                            "updatexml",
                            "group_concat",
                            "concat_ws",
                            "current_user",
                            "sys_context",
                            "utl_inaddr",
                            "dbms_pipe")),
            expr(
                    "\\bselect\\b[\\s(*]*(\\d+\\s*,\\s*)*(char|concat|user|database|version|count|schema|@@\\w+)\\s*\\(",
                    anyOf("select"),
                    anyOf("(")),
            expr("\\bselect\\s*\\(+\\s*select\\b", anyOf("select")),
            expr("\\bwaitfor\\s+(delay|time)\\b", anyOf("waitfor")),
            expr("\\bxp_(cmdshell|regread|dirtree)\\b|\\bsp_(executesql|oacreate|makewebtask)\\b", anyOf("xp_", "sp_")),
            expr("\\bexec(ute)?\\s+master\\.", anyOf("master.")),
            expr("\\binto\\s+(out|dump)file\\b", anyOf("into"), anyOf("file")),
            expr(
                    "\\bfrom\\s+[`\"]?(information_schema|mysql\\.user|sysobjects|sys\\.tables|pg_catalog|all_tables)\\b",
                    anyOf("from")),
            expr(
                    "\\bas\\s*[`\"][^`\"]{0,40}[`\"]?\\s+from\\b|\\d\\s+as\\s*[`\"]\\s*from\\b",
                    anyOf("from"),
                    anyOf("as")),
            expr("`\\s*(regexp|rlike|sounds\\s+like)\\b", anyOf("`")),
            expr("@@(version|datadir|hostname|basedir)\\b", anyOf("@@"))),

    /** Cross-site scripting. */
    XSS(
            "xss",
            expr("<\\s*/?\\s*([a-z]+\\s*:\\s*)?script\\b", anyOf("script"), anyOf("<")),
            expr("\\b(javascript|vbscript|livescript)\\s*:", anyOf("script"), anyOf(":")),
            // An event handler attribute inside a tag: <svg/onload=, <x onend=
            expr("<[a-z!][^>]*?[\\s/\"'](on[a-z]{3,}|formaction|srcdoc)\\s*=", anyOf("<"), anyOf("=")),
            // An attribute breaking out of a quoted value: "onzoom=, 'formaction=
            expr(
                    "[\"'`]\\s*(on[a-z]{3,}|formaction|srcdoc)\\s*=",
                    anyOf("'", "\"", "`"),
                    anyOf("="),
                    anyOf("on", "formaction", "srcdoc")),
            expr(
                    "<\\s*/?\\s*(iframe|frame|frameset|object|embed|applet|svg|math|base|meta|link|style|form|dialog"
                            + "|isindex|marquee|xss|template|portal)\\b",
                    anyOf("<")),
            expr("\\bdocument\\s*\\.\\s*(cookie|domain|write(ln)?|location)\\b", anyOf("document")),
            expr("\\b(window|top|self|parent)\\s*\\.\\s*(location|name)\\s*=", anyOf("location", "name"), anyOf("=")),
            expr(
                    "(^|[^\\w.$])(eval|settimeout|setinterval|alert|prompt|confirm)\\s*\\(\\s*[^)]*\\)",
                    anyOf("("),
                    anyOf(")"),
                    anyOf("eval", "settimeout", "setinterval", "alert", "prompt", "confirm")),
            expr("\\bexpression\\s*\\(", anyOf("expression")),
            expr("\\bdata\\s*:\\s*(text/html|[^,]{0,30};base64|,)", anyOf("data"), anyOf(":")),
            expr("\\bsrc\\s*=\\s*[\"']?\\s*(data|javascript):", anyOf("src"), anyOf(":"))),

    /** Path traversal and OS file access. */
    PATH_TRAVERSAL(
            "path-traversal",
            expr("(^|[/\\\\=\\s'\":;|,])\\.{2,3}[/\\\\]", anyOf("../", "..\\")),
            expr("[/\\\\]\\.{2,3}([/\\\\]|$)", anyOf("..")),
            expr("\\x00", anyOf("\u0000")),
            expr(
                    "/etc/(passwd|shadow|group|gshadow|hosts|master\\.passwd|subuid|subgid|sudoers|issue|crontab|profile"
                            + "|security/|ssh/)",
                    anyOf("/etc/")),
            expr("\\b(boot|win|system)\\.ini\\b", anyOf(".ini")),
            expr(
                    "\\b[a-z]:[/\\\\]+(windows|winnt|boot\\.ini|inetpub)\\b",
                    anyOf(":"),
                    anyOf("win", "boot.ini", "inetpub")),
            expr("\\bwindows[/\\\\]+(system32|win\\.ini|repair)\\b", anyOf("windows")),
            expr("\\.ssh/(id_[a-z0-9]+|authorized_keys|known_hosts)\\b", anyOf(".ssh/")),
            expr(
                    "\\.(htaccess|htpasswd)\\b|\\bweb\\.config\\b|\\.git/(config|head)\\b",
                    anyOf(".ht", "web.config", ".git/")),
            expr("/proc/(self|\\d+)/(environ|cmdline|fd|maps|mem|status)\\b", anyOf("/proc/")),
            expr("(^|[=\\s'\"?&])/(sys|proc)/(class|kernel|devices|block|self|version)\\b", anyOf("/sys/", "/proc/")),
            expr("/(usr/local/)?apache2?/conf/|/etc/(apache2|httpd|nginx)/", anyOf("/conf/", "/etc/")),
            expr(">\\s*/(tmp|var/tmp|dev/shm)/\\S", anyOf(">"))),

    /** Command injection. */
    COMMAND_INJECTION(
            "command-injection",
            // A shell separator then a command: ;cat, | id, && wget, newline then cat, $(whoami), `id`
            expr(
                    "(;|\\||&&|\\n|\\$\\(|`)\\s*(cat|ls|id|whoami|uname|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh"
                            + "|python[0-9.]*|perl|ruby|php|ping|nslookup|ifconfig|ipconfig|chmod|chown|rm|mv|cp|echo|tar"
                            + "|telnet|ftp"
                            + "|tftp|powershell|cmd|certutil|lwp-download|lwp-request|kill|killall|awk|base64|xxd|nohup|sudo"
                            + "|crontab|useradd|systemctl|hostname|printenv|uptime|netstat|socat|mkfifo|getent)\\b"
                            // Not followed by = or ): "id=" and "ls)" are words in prose or code, not commands.
                            + "(\\s*[^\\s=)]|\\s*$)",
                    anyOf(";", "|", "&&", "\n", "$(", "`")),
            expr("(;|\\||&&|\\n|\\$\\(|`)\\s*sleep\\s+\\d", anyOf(";", "|", "&&", "\n", "$(", "`"), anyOf("sleep")),
            // A value that starts with a command taking a path or an option: =cat /etc/passwd
            expr(
                    "=\\s*(cat|ls|wget|curl|nc|bash|sh|python[0-9.]*|perl|ruby|php|ping|chmod|rm|tar|echo|sleep)\\s+[-/]",
                    anyOf("="),
                    anyOf(
                            "cat", "ls", "wget", "curl", "nc", "bash", "sh", "python", "perl", "ruby", "php", "ping",
                            "chmod", "rm", "tar", "echo", "sleep")),
            expr("(^|[\\s=;|&'\"(])/(usr/)?(local/)?s?bin/[a-z0-9_.-]+", anyOf("bin/")),
            expr("\\brm\\s+-[a-z]*[rf]", anyOf("rm"), anyOf("-")),
            expr("\\b(wget|curl|lwp-download|fetch)\\s+(-[\\w-]+\\s+)*(https?|ftp)://", anyOf("://")),
            expr("/dev/(tcp|udp)/", anyOf("/dev/")),
            expr("\\b(ba|z|k|da)?sh\\s+-[a-z]*c\\b", anyOf("sh"), anyOf("-")),
            expr("\\b(nc|ncat|netcat)\\s+(-[a-z]+\\s+)*[\\w.-]+\\s+\\d{2,5}\\b", anyOf("nc", "netcat")),
            expr("\\(\\s*\\)\\s*\\{\\s*:\\s*;\\s*\\}\\s*;", anyOf("{")),
            expr("<!--\\s*#\\s*(exec|include)\\b", anyOf("<!--")),
            expr(
                    "\\b(system|passthru|shell_exec|popen|proc_open|exec|eval)\\s*\\(\\s*['\"]",
                    anyOf("("),
                    anyOf("system", "passthru", "popen", "proc_open", "exec", "eval")),
            expr("\\bpowershell(\\.exe)?\\s+-|\\bcmd(\\.exe)?\\s+/[ck]\\b", anyOf("powershell", "cmd")),
            expr("\\btar\\s+-?[a-z]*[cx][a-z]*f\\s", anyOf("tar")),
            expr("\\bexec\\s+\\d*\\s*<>", anyOf("<>")),
            expr(
                    "\\b(python[0-9.]*\\s+-[cm]|perl\\s+-e|ruby\\s+-e|php\\s+-r)\\b",
                    anyOf("-"),
                    anyOf("python", "perl", "ruby", "php")),
            expr("\\$\\{ifs\\}|\\$ifs\\b", anyOf("$")));

    private final String rule;
    private final List<Expression> expressions;

    Detector(String rule, Expression... expressions) {
        this.rule = rule;
        this.expressions = List.of(expressions);
    }

    /**
     * One expression of a detector and the literals a match of it cannot do without: every group must have one of
     * its literals somewhere in the text. {@link String#contains} is tens of times cheaper than running the
     * expression, and ordinary text lacks the literals of most expressions, so most are never run on it.
     *
     * @param pattern  the compiled expression
     * @param required groups of literals; a text that lacks every literal of some group cannot match
     */
    public record Expression(Pattern pattern, List<List<String>> required) {

        /**
         * Tells whether the text holds a literal of every group, which any match needs.
         *
         * @param text normalised text
         * @return false when the expression cannot match the text
         */
        public boolean admits(String text) {
            for (List<String> group : required) {
                boolean present = false;
                for (String literal : group) {
                    if (text.contains(literal)) {
                        present = true;
                        break;
                    }
                }
                if (!present) {
                    return false;
                }
            }
            return true;
        }

        boolean find(String text) {
            return admits(text) && pattern.matcher(text).find();
        }
    }

    @SafeVarargs
    private static Expression expr(String expression, List<String>... required) {
        return new Expression(Pattern.compile(expression), List.of(required));
    }

    private static List<String> anyOf(String... literals) {
        return List.of(literals);
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
     * The built-in expressions, each with its required literals.
     *
     * @return the expressions
     */
    public List<Expression> expressions() {
        return expressions;
    }

    /**
     * Whether normalised text matches this detector's built-in expressions or the extra ones.
     *
     * @param normalised the output of {@link Normaliser#normalise}
     * @param compact    the same without white space
     * @param extra      configured extra expressions (compiled case-insensitive with RE2/J)
     * @return true on a detection
     */
    public boolean matches(String normalised, String compact, List<Pattern> extra) {
        for (Expression expression : expressions) {
            if (expression.find(normalised)) {
                return true;
            }
        }
        // Tags spelled with spaces between their letters (<f o r m) are only visible without white space.
        if (this == XSS && compact.length() != normalised.length()) {
            for (Expression expression : expressions) {
                if (expression.find(compact)) {
                    return true;
                }
            }
        }
        // Configured expressions have no known literals: they always run.
        for (Pattern pattern : extra) {
            if (pattern.matcher(normalised).find()) {
                return true;
            }
        }
        return false;
    }
}
