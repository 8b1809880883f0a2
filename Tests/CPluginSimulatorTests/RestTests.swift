import CPluginSimulator
import Foundation
import Testing

@Suite("Simulator REST")
struct RestTests {
    @Test("GET /api/TradePlatforms lists one MT4 and one MT5 platform as a bare array")
    func tradePlatforms() async throws {
        let simulator = try await TestSimulator.start()
        let reply = try await simulator.get("/api/TradePlatforms", token: try await simulator.token())
        let list = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]])
        #expect(list.map { $0["type"] as? String } == ["MT4", "MT5"])
        #expect(list.first?["id"] as? String == SimulatorServer.mt4PlatformID.uuidString.lowercased())
    }

    @Test("v2 calls answer in the envelope, with NotFound and Validation errors as the spec names them")
    func envelopeErrors() async throws {
        let simulator = try await TestSimulator.start()
        let token = try await simulator.token()
        let prefix = "/api/v2/MT4/\(simulator.mt4)"
        let margins = try await simulator.get("\(prefix)/MarginsGet", token: token)
        #expect(margins.status == 200)
        let envelope = try margins.json()
        #expect(envelope["error"] is NSNull)
        #expect((envelope["data"] as? [Any])?.isEmpty == false)
        #expect((envelope["meta"] as? [String: Any])?["activityId"] is String)

        let missing = try await simulator.get("\(prefix)/MarginLevelGet/99999999", token: token).json()
        #expect(missing["data"] is NSNull)
        #expect((missing["error"] as? [String: Any])?["code"] as? String == "NotFound")

        let badLimit = try await simulator.get("\(prefix)/TradesGet?limit=5001", token: token).json()
        #expect((badLimit["error"] as? [String: Any])?["code"] as? String == "Validation")

        let unknownPlatform = try await simulator.get("/api/v2/MT4/\(UUID().uuidString)/MarginsGet", token: token)
            .json()
        #expect((unknownPlatform["error"] as? [String: Any])?["code"] as? String == "NotFound")
    }

    @Test("sidecar-only methods answer 404 on the main port")
    func sidecarOnlyOnMainPort() async throws {
        let simulator = try await TestSimulator.start()
        let token = try await simulator.token()
        let reply = try await simulator.request(
            "POST", "\(simulator.endpoints.apiBaseURL)/api/v2/MT4/\(simulator.mt4)/MailSend",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
            body: Data(#"{"body":"x","logins":[1]}"#.utf8))
        #expect(reply.status == 404)
    }

    @Test("TradesGet pages with limit and cursor, every trade once, in order")
    func paging() async throws {
        // A still market: no client activity and no price steps, so no trade opens or closes while it is paged.
        let simulator = try await TestSimulator.start {
            $0.market.accounts = 200
            $0.market.activity = 0
            $0.marketInterval = .seconds(3600)
        }
        let token = try await simulator.token()
        let prefix = "/api/v2/MT4/\(simulator.mt4)"
        let all = try await simulator.get("\(prefix)/TradesGet", token: token).json()
        let expected = try #require(all["data"] as? [[String: Any]]).compactMap { $0["order"] as? Int }
        #expect(expected.count > 10, "the market has open trades to page through")
        var seen: [Int] = []
        var cursor: String?
        repeat {
            let query =
                "limit=7"
                + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
            let page = try await simulator.get("\(prefix)/TradesGet?\(query)", token: token).json()
            let items = try #require(page["data"] as? [[String: Any]])
            #expect(items.count <= 7)
            seen += items.compactMap { $0["order"] as? Int }
            let paging = try #require((page["meta"] as? [String: Any])?["paging"] as? [String: Any])
            cursor = paging["nextCursor"] as? String
            #expect((paging["hasMore"] as? Bool) == (cursor != nil))
        } while cursor != nil
        #expect(seen == expected)
    }

    @Test("REST faults: a 100% 5xx rate answers 503")
    func restFaults() async throws {
        let simulator = try await TestSimulator.start()
        let token = try await simulator.token()
        simulator.server.setFaults(FaultPlan(rest5xxRate: 1))
        #expect(try await simulator.get("/api/v2/MT4/\(simulator.mt4)/MarginsGet", token: token).status == 503)
        simulator.server.setFaults(.none)
        #expect(try await simulator.get("/api/v2/MT4/\(simulator.mt4)/MarginsGet", token: token).status == 200)
    }

    @Test("every implemented v2 path, sidecar included, answers what openapi-v2.json describes")
    func openAPIContract() async throws {
        let simulator = try await TestSimulator.start()
        let token = try await simulator.token()
        let id = simulator.mt4
        let margins = try await simulator.get("/api/v2/MT4/\(id)/MarginsGet", token: token).json()
        let login = try #require((margins["data"] as? [[String: Any]])?.first?["login"] as? Int)
        let trades = try await simulator.get("/api/v2/MT4/\(id)/TradesGet?limit=2", token: token).json()
        let ticket = try #require((trades["data"] as? [[String: Any]])?.first?["order"] as? Int)
        let group = try #require((margins["data"] as? [[String: Any]])?.first?["group"] as? String)
        let cases: [(String, String)] = [
            ("/api/v2/MT4/{tradePlatform}/ServerTime", "/ServerTime"),
            ("/api/v2/MT4/{tradePlatform}/MarginsGet", "/MarginsGet"),
            ("/api/v2/MT4/{tradePlatform}/MarginLevelGet/{login}", "/MarginLevelGet/\(login)"),
            ("/api/v2/MT4/{tradePlatform}/MarginLevelGet/{login}", "/MarginLevelGet/1"),
            ("/api/v2/MT4/{tradePlatform}/TradesGet", "/TradesGet?limit=2"),
            ("/api/v2/MT4/{tradePlatform}/TradesGet/{ticket}", "/TradesGet/\(ticket)"),
            ("/api/v2/MT4/{tradePlatform}/UserRecordGet/{login}", "/UserRecordGet/\(login)"),
            ("/api/v2/MT4/{tradePlatform}/GroupRecordGet/{group}", "/GroupRecordGet/\(group)"),
            ("/api/v2/MT4/{tradePlatform}/OnlineGet", "/OnlineGet"),
            ("/api/v2/MT4/{tradePlatform}/TickInfoLast", "/TickInfoLast"),
            ("/api/v2/MT4/{tradePlatform}/TickInfoLast/{symbol}", "/TickInfoLast/EURUSD"),
            ("/api/v2/MT4/{tradePlatform}/SymbolInfoGet", "/SymbolInfoGet?symbol=EURUSD"),
            ("/api/v2/MT4/{tradePlatform}/SymbolInfoGet", "/SymbolInfoGet"),
            ("/api/v2/MT4/{tradePlatform}/CfgRequestSymbol", "/CfgRequestSymbol"),
        ]
        var recorded: [[String: Any]] = []
        for (specPath, path) in cases {
            let reply = try await simulator.get("/api/v2/MT4/\(id)\(path)", token: token)
            #expect(reply.status == 200, "\(path)")
            recorded.append([
                "path": specPath, "method": "get", "body": try JSONSerialization.jsonObject(with: reply.body),
            ])
        }
        // The sidecar's answers, a success and a Validation error each.
        let sidecar = "\(simulator.endpoints.sidecarBaseURL)/api/v2/MT4/\(id)"
        let posts: [(String, String)] = [
            ("MailSend", #"{"subject":"Margin call","body":"Add funds","logins":[1001]}"#),
            ("MailSend", #"{"subject":"Margin call","body":"","logins":[1001]}"#),
            ("NewsSend", #"{"topic":"Quotes delayed","body":"EURUSD","category":"Risk"}"#),
            ("NewsSend", #"{"topic":"","body":"EURUSD"}"#),
        ]
        for (method, body) in posts {
            let reply = try await simulator.request(
                "POST", "\(sidecar)/\(method)",
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: Data(body.utf8)
            )
            #expect(reply.status == 200, "\(method)")
            recorded.append([
                "path": "/api/v2/MT4/{tradePlatform}/\(method)", "method": "post",
                "body": try JSONSerialization.jsonObject(with: reply.body),
            ])
        }
        let output = try await PythonTool.run(
            "validate_openapi.py", arguments: [PythonTool.reference("openapi-v2.json")], input: recorded)
        #expect(output.status == 0, "\(output.text)")
        #expect(output.text.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == cases.count + posts.count)
    }
}
