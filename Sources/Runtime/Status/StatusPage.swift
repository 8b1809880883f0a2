import AlertModel
import AlertStore

/// Renders the status page: one self-contained HTML document (inline CSS, no script) that a risk desk can leave
/// open; it reloads itself every few seconds. Every value from outside is escaped through `HTMLEscaping`.
struct StatusPage {
    var snapshot: StatusSnapshot
    var refreshSeconds: Int

    func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <title>\(title)</title>
            <style>\(Self.css)</style>
            </head>
            <body>

            """
        html += header()
        html += "<main>\n"
        if let error = snapshot.storeError {
            html += "<p class=\"banner bad\">Could not read the alert store: \(e(error))</p>\n"
        }
        if !snapshot.ready {
            html += "<section class=\"banner warn\" aria-label=\"Not ready\"><strong>Not ready.</strong><ul>"
            html += snapshot.notReadyReasons.map { "<li>\(e($0))</li>" }.joined()
            html += "</ul></section>\n"
        }
        html += alertsSection()
        html += "<div class=\"columns\">\n"
        html += notificationsSection()
        html += "<div>\n" + platformsSection() + ruleSetSection() + outboxSection() + "</div>\n"
        html += "</div>\n"
        html += countersSection()
        html +=
            "</main>\n<footer>Page generated \(e(Self.dateTime(snapshot.now))) · reloads every \(refreshSeconds) s · "
        html += "<a href=\"/api/status\">JSON</a> · <a href=\"/metrics\">metrics</a></footer>\n</body>\n</html>\n"
        return html
    }

    private var active: [StoredAlert] {
        snapshot.alerts.filter { $0.state == .firing || $0.state == .pending }
    }

    private var title: String {
        let firing = snapshot.alerts.filter { $0.state == .firing }.count
        return firing == 0 ? "mtrules · all clear" : "mtrules · \(firing) firing"
    }

    // MARK: Sections

    private func header() -> String {
        let readiness =
            snapshot.ready
            ? "<span class=\"badge ok\">ready</span>" : "<span class=\"badge bad\">not ready</span>"
        let firing = snapshot.alerts.filter { $0.state == .firing }.count
        let pending = snapshot.alerts.filter { $0.state == .pending }.count
        return """
            <header>
            <h1>mtrules <span class="sub">alert status</span></h1>
            <div class="summary">
            <span class="count \(firing > 0 ? "firing" : "zero")"><b>\(firing)</b> firing</span>
            <span class="count \(pending > 0 ? "pending" : "zero")"><b>\(pending)</b> pending</span>
            \(readiness)
            <span class="meta">up since \(e(Self.dateTime(snapshot.startedAt)))</span>
            </div>
            </header>

            """
    }

    private func alertsSection() -> String {
        var html =
            "<section class=\"card\" aria-labelledby=\"alerts\">\n<h2 id=\"alerts\">Firing and pending alerts</h2>\n"
        guard !active.isEmpty else {
            return html + "<p class=\"empty\">No alert is firing or pending.</p>\n</section>\n"
        }
        html += """
            <table class="alerts">
            <thead><tr><th>Severity</th><th>Alert</th><th>State</th><th>Since</th><th>Inputs</th></tr></thead>
            <tbody>

            """
        for alert in active {
            let since = alert.activeSince ?? alert.since
            html += "<tr class=\"sev-\(alert.severity.rawValue)\">"
            html += "<td><span class=\"pill \(alert.severity.rawValue)\">\(alert.severity.rawValue)</span></td>"
            html += "<td><div class=\"rule\">\(e(alert.key.rule))</div>"
            html += "<div class=\"labels\">"
            html += alert.key.labels.map { "<span class=\"label\">\(e($0.name))=<b>\(e($0.value))</b></span>" }.joined()
            if !alert.key.platform.isEmpty {
                html += "<span class=\"label platform\">\(e(alert.key.platform))</span>"
            }
            html += "</div></td>"
            html += "<td><span class=\"state \(alert.state.rawValue)\">\(alert.state.rawValue)</span></td>"
            html += "<td class=\"time\">\(e(Self.clock(since)))<div class=\"ago\">\(e(age(since))) ago</div></td>"
            html += "<td>\(evidence(alert.evidence))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private func evidence(_ evidence: Evidence?) -> String {
        guard let evidence, !(evidence.inputs.isEmpty && evidence.windows.isEmpty) else {
            return "<span class=\"muted\">—</span>"
        }
        var html = "<ul class=\"inputs\">"
        for input in evidence.inputs {
            html += "<li><code>\(e(input.expression))</code> = <b>\(e(input.value))</b></li>"
        }
        for window in evidence.windows {
            let shown = window.samples.count < window.totalSamples ? ", latest \(window.samples.count) kept" : ""
            let last = window.samples.last.map { ", last \(Self.number($0.value))" } ?? ""
            html += "<li><code>\(e(window.expression))</code>: \(window.totalSamples) samples\(e(last))\(shown)</li>"
        }
        return html + "</ul>"
    }

    private func notificationsSection() -> String {
        var html = "<section class=\"card\" aria-labelledby=\"notifications\">\n"
        html += "<h2 id=\"notifications\">Recent notifications</h2>\n"
        guard !snapshot.recentNotifications.isEmpty else {
            return html + "<p class=\"empty muted\">None since the service started.</p>\n</section>\n"
        }
        html += "<table class=\"notifications\">\n<thead><tr><th>Time</th><th>Alert and message</th><th>To</th>"
        html += "</tr></thead>\n<tbody>\n"
        for note in snapshot.recentNotifications {
            let shadow = note.shadow ? " <span class=\"tag\">shadow</span>" : ""
            let labels = note.key.labels.map { "\(e($0.name))=\(e($0.value))" }.joined(separator: " ")
            let platform = note.key.platform.isEmpty ? "" : " @ \(e(note.key.platform))"
            html += "<tr class=\"sev-\(note.severity.rawValue)\">"
            html += "<td class=\"time\">\(e(Self.clock(note.time)))</td>"
            html += "<td><span class=\"reason \(note.reason.rawValue)\">\(note.reason.rawValue)</span> "
            html += "<b>\(e(note.key.rule))</b> <span class=\"muted\">\(labels)\(platform)</span>"
            html += "<div class=\"message\">\(e(note.text))</div></td>"
            html += "<td><code>\(e(note.destination))</code>\(shadow)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private func platformsSection() -> String {
        var html = "<section class=\"card\" aria-labelledby=\"platforms\">\n<h2 id=\"platforms\">Platforms</h2>\n"
        guard !snapshot.platforms.isEmpty else {
            return html + "<p class=\"empty muted\">No platform selected.</p>\n</section>\n"
        }
        html += "<table>\n<thead><tr><th>Platform</th><th>Connection</th><th>Last event</th><th>Resync</th>"
        html += "<th>Reconnects</th></tr></thead>\n<tbody>\n"
        for platform in snapshot.platforms {
            let resync =
                platform.lastResyncAt.map { at in
                    "\(Self.grouped(platform.resyncedAccounts ?? 0)) accounts at \(Self.clock(at))"
                } ?? "not yet"
            let lastEvent = platform.lastEventAt.map { "\(age($0)) ago" } ?? "none yet"
            let reason = platform.stopReason.map { "<div class=\"muted\">\(e($0))</div>" } ?? ""
            html += "<tr><td>\(e(platform.name))</td>"
            html += "<td><span class=\"conn \(platform.state.rawValue)\">\(platform.state.rawValue)</span> "
            html += "<span class=\"muted\">for \(e(age(platform.since)))</span>\(reason)</td>"
            html += "<td class=\"nowrap\">\(e(lastEvent))</td><td>\(e(resync))</td>"
            html += "<td class=\"num\">\(platform.reconnects)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private func ruleSetSection() -> String {
        var html = "<section class=\"card\" aria-labelledby=\"ruleset\">\n<h2 id=\"ruleset\">Rule set</h2>\n"
        guard let ruleSet = snapshot.ruleSet else {
            return html + "<p class=\"empty muted\">No rules loaded yet.</p>\n</section>\n"
        }
        html += "<p><code>\(e(String(ruleSet.hash.prefix(16))))</code> · \(ruleSet.rules.count) rules · loaded "
        html += "\(e(Self.dateTime(ruleSet.loadedAt)))</p>\n"
        if let failure = ruleSet.lastReloadError {
            html += "<div class=\"banner bad\"><strong>Reload refused at \(e(Self.dateTime(failure.at)))</strong>; "
            html += "the rules above stay in force.<pre>"
            html += failure.diagnostics.map(e).joined(separator: "\n")
            html += "</pre></div>\n"
        }
        return html + "</section>\n"
    }

    private func outboxSection() -> String {
        guard let outbox = snapshot.outbox else { return "" }
        var html = "<section class=\"card\" aria-labelledby=\"outbox\">\n<h2 id=\"outbox\">Outbox</h2>\n"
        let pending = outbox.count(.pending)
        let behind = outbox.oldestPendingCreatedAt.map { ", oldest waiting \(age($0))" } ?? ""
        html += "<p>\(pending) pending\(e(behind)) · \(outbox.failing) failing · "
        html +=
            "<span class=\"\(outbox.deadLetters > 0 ? "dead" : "")\">\(outbox.deadLetters) dead letters</span></p>\n"
        return html + "</section>\n"
    }

    private func countersSection() -> String {
        var html = "<section class=\"card\" aria-labelledby=\"counters\">\n<h2 id=\"counters\">Rules</h2>\n"
        let counters = Dictionary(snapshot.ruleCounters.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let names = Set(counters.keys).union(snapshot.ruleSet?.rules ?? []).sorted()
        guard !names.isEmpty else {
            return html + "<p class=\"empty muted\">No rule has run yet.</p>\n</section>\n"
        }
        let activeByRule = Dictionary(grouping: active, by: \.key.rule)
        html += "<table class=\"counters\">\n<thead><tr><th>Rule</th><th class=\"num\">Active</th>"
        html += "<th class=\"num\">Evaluations</th><th class=\"num\">Firings</th><th class=\"num\">Notifications</th>"
        html += "</tr></thead>\n<tbody>\n"
        for name in names {
            let counter = counters[name]
            html += "<tr><td>\(e(name))</td><td class=\"num\">\(activeByRule[name]?.count ?? 0)</td>"
            html += "<td class=\"num\">\(Self.grouped(counter?.evaluations ?? 0))</td>"
            html += "<td class=\"num\">\(Self.grouped(counter?.firings ?? 0))</td>"
            html += "<td class=\"num\">\(Self.grouped(counter?.notifications ?? 0))</td></tr>\n"
        }
        return html
            + "</tbody>\n</table>\n<p class=\"muted small\">Counted since the service started.</p>\n</section>\n"
    }

    // MARK: Formatting

    private func e(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// `4m 12s`, `3h 05m`, `2d 4h`.
    private func age(_ time: Timestamp) -> String {
        let seconds = max(0, (snapshot.now.milliseconds - time.milliseconds) / 1000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
        if seconds < 86_400 {
            let minutes = seconds / 60 % 60
            return "\(seconds / 3600)h \(minutes < 10 ? "0" : "")\(minutes)m"
        }
        return "\(seconds / 86_400)d \(seconds / 3600 % 24)h"
    }

    /// `12:00:31` (UTC), the date dropped since the page is about today.
    static func clock(_ time: Timestamp) -> String {
        let text = time.description
        let start = text.index(text.startIndex, offsetBy: 11)
        return String(text[start..<text.index(start, offsetBy: 8)])
    }

    /// `2026-01-05 12:00:31 UTC`.
    static func dateTime(_ time: Timestamp) -> String {
        let text = time.description
        return String(text.prefix(10)) + " " + clock(time) + " UTC"
    }

    /// `18,422`: counters a person reads at a glance.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    // MARK: Style

    static let css = """
        :root{--bg:#eef1f5;--card:#fff;--ink:#1b2430;--muted:#667085;--line:#e3e7ee;
        --critical:#c4231c;--critical-bg:#fdecea;--warning:#b25e00;--warning-bg:#fff4e0;--info:#1d64c8;--info-bg:#e8f0fc;
        --ok:#17803d;--ok-bg:#e6f5ec}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
        "Noto Sans","DejaVu Sans",sans-serif}
        header{background:#17202c;color:#fff;padding:14px 24px;display:flex;align-items:center;
        justify-content:space-between;flex-wrap:wrap;gap:12px}
        h1{margin:0;font-size:20px;letter-spacing:.3px}
        h1 .sub{font-weight:400;color:#aab4c3;font-size:15px;margin-left:6px}
        .summary{display:flex;gap:14px;align-items:center;flex-wrap:wrap}
        .count{font-size:15px;color:#cfd6e0}.count b{font-size:22px;margin-right:4px;color:#fff}
        .count.firing b{color:#ff6b61}.count.pending b{color:#ffc25c}
        .meta{color:#aab4c3;font-size:13px}
        .badge{padding:3px 10px;border-radius:999px;font-weight:600;font-size:12px;text-transform:uppercase;
        letter-spacing:.5px}
        .badge.ok{background:var(--ok);color:#fff}.badge.bad{background:var(--critical);color:#fff}
        main{padding:18px 24px;display:flex;flex-direction:column;gap:18px;max-width:1500px;margin:0 auto}
        .columns{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:18px;align-items:start}
        .columns>div{display:flex;flex-direction:column;gap:18px}
        @media (max-width:1000px){.columns{grid-template-columns:1fr}}
        .card{background:var(--card);border-radius:10px;box-shadow:0 1px 3px rgba(16,24,40,.1);padding:14px 18px}
        h2{margin:0 0 10px;font-size:15px;text-transform:uppercase;letter-spacing:.6px;color:#344054}
        table{width:100%;border-collapse:collapse}
        th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);
        font-weight:600;padding:6px 8px;border-bottom:2px solid var(--line)}
        td{padding:8px;border-bottom:1px solid var(--line);vertical-align:top}
        tr:last-child td{border-bottom:none}
        .alerts tr.sev-critical td:first-child{box-shadow:inset 4px 0 var(--critical)}
        .alerts tr.sev-warning td:first-child{box-shadow:inset 4px 0 var(--warning)}
        .alerts tr.sev-info td:first-child{box-shadow:inset 4px 0 var(--info)}
        .alerts tr.sev-critical{background:#fffafa}
        .pill{display:inline-block;padding:2px 9px;border-radius:999px;font-size:12px;font-weight:700;
        text-transform:uppercase;letter-spacing:.4px}
        .pill.critical{background:var(--critical);color:#fff}.pill.warning{background:#f0a020;color:#2b1a00}
        .pill.info{background:var(--info);color:#fff}
        .rule{font-weight:700;font-size:15px}
        .labels{margin-top:3px;display:flex;flex-wrap:wrap;gap:4px}
        .label{background:#f2f4f7;border:1px solid var(--line);border-radius:4px;padding:0 6px;font-size:12.5px;
        font-family:ui-monospace,"DejaVu Sans Mono",monospace}
        .label.platform{background:#eef4ff;border-color:#c7d7fe}
        .state{font-weight:700;text-transform:uppercase;font-size:12px;letter-spacing:.4px}
        .state.firing{color:var(--critical)}.state.pending{color:var(--warning)}
        .time{white-space:nowrap;font-variant-numeric:tabular-nums}
        .ago{color:var(--muted);font-size:12px}
        .inputs{margin:0;padding:0;list-style:none}.inputs li{margin:1px 0}
        code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px;background:#f5f6f8;padding:0 4px;
        border-radius:3px}
        .reason{font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:4px;
        background:#f2f4f7;color:#344054}
        .reason.firing{background:var(--critical-bg);color:var(--critical)}
        .reason.resolved{background:var(--ok-bg);color:var(--ok)}
        .reason.renotify,.reason.step{background:var(--warning-bg);color:var(--warning)}
        .notifications .message{color:#344054;margin-top:2px;overflow-wrap:anywhere}
        .nowrap{white-space:nowrap}
        .conn{font-weight:700}.conn.connected{color:var(--ok)}.conn.connecting,.conn.reconnecting{color:var(--warning)}
        .conn.stopped{color:var(--critical)}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        .muted{color:var(--muted)}.small{font-size:12px;margin:8px 0 0}
        .empty{margin:4px 0;padding:10px 12px;border-radius:6px;background:var(--ok-bg);color:var(--ok);font-weight:600}
        .empty.muted{background:#f5f6f8;color:var(--muted);font-weight:400}
        .banner{border-radius:8px;padding:10px 14px;margin:0}
        .banner ul{margin:4px 0 0;padding-left:20px}
        .banner.warn{background:var(--warning-bg);color:#6b3a00;border:1px solid #f5c77e}
        .banner.bad{background:var(--critical-bg);color:#7a140f;border:1px solid #f3b1ac}
        .banner pre{white-space:pre-wrap;margin:6px 0 0;font-size:12.5px}
        .tag{font-size:11px;background:#f2f4f7;border-radius:4px;padding:0 5px;color:var(--muted)}
        .dead{color:var(--critical);font-weight:700}
        footer{color:var(--muted);font-size:12px;padding:0 24px 18px;text-align:center}
        footer a{color:var(--muted)}
        """
}
