package dev.switchboard.firewall.internal;

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
            x("['\"`)]\\s*\\)*\\s*(or|and|xor|\\|\\||&&)\\s*\\(*\\s*['\"`]?[\\w@.-]*['\"`]?\\s*"
                    + "(=|<>|!=|<=?|>=?|\\blike\\b|\\bis\\b|\\bin\\b)",
                    any("'", "\"", "`", ")"), any("or", "and", "||", "&&")),
            // A bare numeric tautology after or/and: 1234 or 1=1
            x("\\b(or|and)\\s+(\\d+|'\\w*'|\"\\w*\")\\s*(=|<>|!=|<|>)\\s*(\\d+|'\\w*|\"\\w*)",
                    any("=", "<", ">"), any("or", "and")),
            x("\\bunion\\b(\\s+(all|distinct))?\\s*\\(*\\s*select\\b", any("union"), any("select")),
            // A quote then a statement: '; select, 'select x, "; drop
            x("['\"`)]\\s*;?\\s*(select|insert|update|delete|drop|exec|execute|declare|shutdown|truncate|union)"
                    + "\\s+[\\w(*@]",
                    any("'", "\"", "`", ")"),
                    any("select", "insert", "update", "delete", "drop", "exec", "declare", "shutdown", "truncate",
                            "union")),
            x("['\"`)]\\s*(--|#|/\\*)", any("'", "\"", "`", ")"), any("--", "#", "/*")),
            x(";\\s*(drop|truncate|alter)\\s+(table|database|schema)\\b", any(";"), any("table", "database", "schema")),
            x("\\b(create|drop|alter|truncate)\\s+(table|database|schema)\\s+[\\w`\"]",
                    any("table", "database", "schema")),
            x("(?<![\\w.$])(sleep|benchmark|pg_sleep|load_file|extractvalue|updatexml|group_concat|concat_ws"
                    + "|current_user|sys_context|utl_inaddr\\.get_host_address|dbms_pipe\\.receive_message)\\s*\\(",
                    any("("), any("sleep", "benchmark", "load_file", "extractvalue", "updatexml", "group_concat",
                            "concat_ws", "current_user", "sys_context", "utl_inaddr", "dbms_pipe")),
            x("\\bselect\\b[\\s(*]*(\\d+\\s*,\\s*)*(char|concat|user|database|version|count|schema|@@\\w+)\\s*\\(",
                    any("select"), any("(")),
            x("\\bselect\\s*\\(+\\s*select\\b", any("select")),
            x("\\bwaitfor\\s+(delay|time)\\b", any("waitfor")),
            x("\\bxp_(cmdshell|regread|dirtree)\\b|\\bsp_(executesql|oacreate|makewebtask)\\b", any("xp_", "sp_")),
            x("\\bexec(ute)?\\s+master\\.", any("master.")),
            x("\\binto\\s+(out|dump)file\\b", any("into"), any("file")),
            x("\\bfrom\\s+[`\"]?(information_schema|mysql\\.user|sysobjects|sys\\.tables|pg_catalog|all_tables)\\b",
                    any("from")),
            x("\\bas\\s*[`\"][^`\"]{0,40}[`\"]?\\s+from\\b|\\d\\s+as\\s*[`\"]\\s*from\\b", any("from"), any("as")),
            x("`\\s*(regexp|rlike|sounds\\s+like)\\b", any("`")),
            x("@@(version|datadir|hostname|basedir)\\b", any("@@"))),

    /** Cross-site scripting. */
    XSS("xss",
            x("<\\s*/?\\s*([a-z]+\\s*:\\s*)?script\\b", any("script"), any("<")),
            x("\\b(javascript|vbscript|livescript)\\s*:", any("script"), any(":")),
            // An event handler attribute inside a tag: <svg/onload=, <x onend=
            x("<[a-z!][^>]*?[\\s/\"'](on[a-z]{3,}|formaction|srcdoc)\\s*=", any("<"), any("=")),
            // An attribute breaking out of a quoted value: "onzoom=, 'formaction=
            x("[\"'`]\\s*(on[a-z]{3,}|formaction|srcdoc)\\s*=", any("'", "\"", "`"), any("="),
                    any("on", "formaction", "srcdoc")),
            x("<\\s*/?\\s*(iframe|frame|frameset|object|embed|applet|svg|math|base|meta|link|style|form|dialog|isindex"
                    + "|marquee|xss|template|portal)\\b", any("<")),
            x("\\bdocument\\s*\\.\\s*(cookie|domain|write(ln)?|location)\\b", any("document")),
            x("\\b(window|top|self|parent)\\s*\\.\\s*(location|name)\\s*=", any("location", "name"), any("=")),
            x("(?<![\\w.$])(eval|settimeout|setinterval|alert|prompt|confirm)\\s*\\(\\s*[^)]*\\)", any("("), any(")"),
                    any("eval", "settimeout", "setinterval", "alert", "prompt", "confirm")),
            x("\\bexpression\\s*\\(", any("expression")),
            x("\\bdata\\s*:\\s*(text/html|[^,]{0,30};base64|,)", any("data"), any(":")),
            x("\\bsrc\\s*=\\s*[\"']?\\s*(data|javascript):", any("src"), any(":"))),

    /** Path traversal and OS file access. */
    PATH_TRAVERSAL("path-traversal",
            x("(^|[/\\\\=\\s'\":;|,])\\.{2,3}[/\\\\]", any("../", "..\\")),
            x("[/\\\\]\\.{2,3}([/\\\\]|$)", any("..")),
            x("\\x00", any("\u0000")),
            x("/etc/(passwd|shadow|group|gshadow|hosts|master\\.passwd|subuid|subgid|sudoers|issue|crontab|profile"
                    + "|security/|ssh/)", any("/etc/")),
            x("\\b(boot|win|system)\\.ini\\b", any(".ini")),
            x("\\b[a-z]:[/\\\\]+(windows|winnt|boot\\.ini|inetpub)\\b", any(":"), any("win", "boot.ini", "inetpub")),
            x("\\bwindows[/\\\\]+(system32|win\\.ini|repair)\\b", any("windows")),
            x("\\.ssh/(id_[a-z0-9]+|authorized_keys|known_hosts)\\b", any(".ssh/")),
            x("\\.(htaccess|htpasswd)\\b|\\bweb\\.config\\b|\\.git/(config|head)\\b",
                    any(".ht", "web.config", ".git/")),
            x("/proc/(self|\\d+)/(environ|cmdline|fd|maps|mem|status)\\b", any("/proc/")),
            x("(^|[=\\s'\"?&])/(sys|proc)/(class|kernel|devices|block|self|version)\\b", any("/sys/", "/proc/")),
            x("/(usr/local/)?apache2?/conf/|/etc/(apache2|httpd|nginx)/", any("/conf/", "/etc/")),
            x(">\\s*/(tmp|var/tmp|dev/shm)/\\S", any(">"))),

    /** Command injection. */
    COMMAND_INJECTION("command-injection",
            // A shell separator then a command: ;cat, | id, && wget, newline then cat, $(whoami), `id`
            x("(;|\\||&&|\\n|\\$\\(|`)\\s*(cat|ls|id|whoami|uname|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh"
                    + "|python[0-9.]*|perl|ruby|php|ping|nslookup|ifconfig|ipconfig|chmod|chown|rm|mv|cp|echo|tar"
                    + "|telnet|ftp"
                    + "|tftp|powershell|cmd|certutil|lwp-download|lwp-request|kill|killall|awk|base64|xxd|nohup|sudo"
                    + "|crontab|useradd|systemctl|hostname|printenv|uptime|netstat|socat|mkfifo|getent)\\b(?!\\s*[=)])",
                    any(";", "|", "&&", "\n", "$(", "`")),
            x("(;|\\||&&|\\n|\\$\\(|`)\\s*sleep\\s+\\d", any(";", "|", "&&", "\n", "$(", "`"), any("sleep")),
            // A value that starts with a command taking a path or an option: =cat /etc/passwd
            x("=\\s*(cat|ls|wget|curl|nc|bash|sh|python[0-9.]*|perl|ruby|php|ping|chmod|rm|tar|echo|sleep)\\s+[-/]",
                    any("="), any("cat", "ls", "wget", "curl", "nc", "bash", "sh", "python", "perl", "ruby", "php",
                            "ping", "chmod", "rm", "tar", "echo", "sleep")),
            x("(^|[\\s=;|&'\"(])/(usr/)?(local/)?s?bin/[a-z0-9_.-]+", any("bin/")),
            x("\\brm\\s+-[a-z]*[rf]", any("rm"), any("-")),
            x("\\b(wget|curl|lwp-download|fetch)\\s+(-[\\w-]+\\s+)*(https?|ftp)://", any("://")),
            x("/dev/(tcp|udp)/", any("/dev/")),
            x("\\b(ba|z|k|da)?sh\\s+-[a-z]*c\\b", any("sh"), any("-")),
            x("\\b(nc|ncat|netcat)\\s+(-[a-z]+\\s+)*[\\w.-]+\\s+\\d{2,5}\\b", any("nc", "netcat")),
            x("\\(\\s*\\)\\s*\\{\\s*:\\s*;\\s*\\}\\s*;", any("{")),
            x("<!--\\s*#\\s*(exec|include)\\b", any("<!--")),
            x("\\b(system|passthru|shell_exec|popen|proc_open|exec|eval)\\s*\\(\\s*['\"]", any("("),
                    any("system", "passthru", "popen", "proc_open", "exec", "eval")),
            x("\\bpowershell(\\.exe)?\\s+-|\\bcmd(\\.exe)?\\s+/[ck]\\b", any("powershell", "cmd")),
            x("\\btar\\s+-?[a-z]*[cx][a-z]*f\\s", any("tar")),
            x("\\bexec\\s+\\d*\\s*<>", any("<>")),
            x("\\b(python[0-9.]*\\s+-[cm]|perl\\s+-e|ruby\\s+-e|php\\s+-r)\\b", any("-"),
                    any("python", "perl", "ruby", "php")),
            x("\\$\\{ifs\\}|\\$ifs\\b", any("$")));

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
    private static Expression x(String expression, List<String>... required) {
        return new Expression(Pattern.compile(expression), List.of(required));
    }

    private static List<String> any(String... literals) {
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
     * @param extra      configured extra expressions (compiled case-insensitive)
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
