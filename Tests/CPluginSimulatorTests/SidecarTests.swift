import CPluginSimulator
import Foundation
import Testing

@Suite("Simulator x86 sidecar")
struct SidecarTests {
    func send(
        _ simulator: TestSimulator, _ method: String, _ body: String, token: String, key: String? = nil
    ) async throws -> [String: Any] {
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        headers["Idempotency-Key"] = key
        let reply = try await simulator.request(
            "POST", "\(simulator.endpoints.sidecarBaseURL)/api/v2/MT4/\(simulator.mt4)/\(method)", headers: headers,
            body: Data(body.utf8))
        #expect(reply.status == 200)
        return try reply.json()
    }

    @Test("MailSend records the mail so it can be read back from /sim/mail")
    func mailSend() async throws {
        let simulator = try await TestSimulator.start()
        let token = try await simulator.token()
        let reply = try await send(
            simulator, "MailSend",
            #"{"senderLogin":0,"senderName":"Risk","subject":"Margin call","body":"Add funds","logins":[1001]}"#,
            token: token)
        #expect(reply["data"] as? Bool == true)
        #expect(reply["error"] is NSNull)
        let mail = simulator.server.mailbox.mail
        #expect(mail.map(\.request.subject) == ["Margin call"])
        #expect(mail.first?.request.logins == [1001])
        let listed = try await simulator.request("GET", "\(simulator.endpoints.sidecarBaseURL)/sim/mail")
        #expect(listed.text.contains("\"subject\":\"Margin call\""))
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let method: String
        let body: String
        let message: String
        var testDescription: String { message }
    }

    @Test(
        "invalid requests are refused with a Validation error and nothing is sent",
        arguments: [
            Invalid(method: "MailSend", body: #"{"subject":"s","body":"","logins":[1]}"#, message: "Body is required."),
            Invalid(
                method: "MailSend", body: #"{"subject":"s","body":"b","logins":[]}"#,
                message: "At least one recipient login is required."),
            Invalid(
                method: "MailSend",
                body: #"{"subject":"\#(String(repeating: "x", count: 129))","body":"b","logins":[1]}"#,
                message: "Subject must be at most 128 characters."),
            Invalid(method: "NewsSend", body: #"{"topic":"","body":"b"}"#, message: "Topic is required."),
            Invalid(
                method: "NewsSend",
                body: #"{"topic":"t","body":"b","category":"\#(String(repeating: "c", count: 65))"}"#,
                message: "Category must be at most 64 characters."),
            Invalid(
                method: "NewsSend", body: "not json", message: "The request body is not a valid MT4NewsSendRequest."),
        ])
    func validation(_ invalid: Invalid) async throws {
        let simulator = try await TestSimulator.start()
        let reply = try await send(simulator, invalid.method, invalid.body, token: try await simulator.token())
        #expect(reply["data"] as? Bool == false)
        let error = try #require(reply["error"] as? [String: Any])
        #expect(error["code"] as? String == "Validation")
        #expect(error["message"] as? String == invalid.message)
        #expect(simulator.server.mailbox.mail.isEmpty && simulator.server.mailbox.news.isEmpty)
    }

    @Test("a repeated Idempotency-Key answers the same and does not send twice")
    func idempotency() async throws {
        let simulator = try await TestSimulator.start()
        let token = try await simulator.token()
        let body = #"{"topic":"Quotes delayed","body":"EURUSD","category":"Risk","highPriority":true}"#
        for _ in 0..<3 {
            let reply = try await send(simulator, "NewsSend", body, token: token, key: "alert-42")
            #expect(reply["data"] as? Bool == true)
        }
        _ = try await send(simulator, "NewsSend", body, token: token, key: "alert-43")
        #expect(simulator.server.mailbox.news.map(\.idempotencyKey) == ["alert-42", "alert-43"])
    }

    @Test("the sidecar needs a valid token too")
    func unauthorized() async throws {
        let simulator = try await TestSimulator.start()
        let reply = try await simulator.request(
            "POST", "\(simulator.endpoints.sidecarBaseURL)/api/v2/MT4/\(simulator.mt4)/MailSend",
            headers: ["Content-Type": "application/json"], body: Data(#"{"body":"x","logins":[1]}"#.utf8))
        #expect(reply.status == 401)
    }
}
