import CPluginSimulator
import Foundation
import Synchronization
import Testing

@Suite("Simulator OAuth")
struct OAuthTests {
    @Test("client credentials in the form body get a bearer token with its lifetime")
    func formBody() async throws {
        let simulator = try await TestSimulator.start { $0.tokenLifetime = 1800 }
        let reply = try await simulator.request(
            "POST", simulator.endpoints.tokenURL, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&scope=webapi&client_id=demo&client_secret=demo-secret".utf8))
        #expect(reply.status == 200)
        let json = try reply.json()
        #expect(json["token_type"] as? String == "Bearer")
        #expect(json["expires_in"] as? Int == 1800)
        #expect((json["access_token"] as? String)?.isEmpty == false)
    }

    @Test("HTTP Basic client authentication works too")
    func basic() async throws {
        let simulator = try await TestSimulator.start()
        let credentials = Data("demo:demo-secret".utf8).base64EncodedString()
        let reply = try await simulator.request(
            "POST", simulator.endpoints.tokenURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic \(credentials)"],
            body: Data("grant_type=client_credentials&scope=webapi".utf8))
        #expect(reply.status == 200)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let body: String
        let basic: String?
        let status: Int
        let error: String
        var testDescription: String { error + (basic == nil ? "" : " (basic)") }
    }

    @Test(
        "bad requests are refused as IdentityServer refuses them",
        arguments: [
            Refusal(
                body: "grant_type=client_credentials&client_id=demo&client_secret=wrong", basic: nil, status: 400,
                error: "invalid_client"),
            Refusal(body: "grant_type=client_credentials", basic: "demo:wrong", status: 401, error: "invalid_client"),
            Refusal(
                body: "grant_type=password&client_id=demo&client_secret=demo-secret", basic: nil, status: 400,
                error: "unsupported_grant_type"),
            Refusal(
                body: "grant_type=client_credentials&scope=admin&client_id=demo&client_secret=demo-secret", basic: nil,
                status: 400, error: "invalid_scope"),
            Refusal(
                body: "client_id=demo&client_secret=demo-secret", basic: nil, status: 400, error: "invalid_request"),
        ])
    func refusals(_ refusal: Refusal) async throws {
        let simulator = try await TestSimulator.start()
        var headers = ["Content-Type": "application/x-www-form-urlencoded"]
        if let basic = refusal.basic { headers["Authorization"] = "Basic " + Data(basic.utf8).base64EncodedString() }
        let reply = try await simulator.request(
            "POST", simulator.endpoints.tokenURL, headers: headers, body: Data(refusal.body.utf8))
        #expect(reply.status == refusal.status)
        #expect(try reply.json()["error"] as? String == refusal.error)
        #expect(!reply.text.contains("demo-secret"))
    }

    @Test("the discovery document names the token endpoint")
    func discovery() async throws {
        let simulator = try await TestSimulator.start()
        let reply = try await simulator.get("/.well-known/openid-configuration", token: nil)
        #expect(reply.status == 200)
        #expect(try reply.json()["token_endpoint"] as? String == simulator.endpoints.tokenURL)
    }

    @Test("API calls without a valid, unexpired token get 401")
    func unauthorized() async throws {
        let simulator = try await TestSimulator.start()
        #expect(try await simulator.get("/api/TradePlatforms", token: nil).status == 401)
        #expect(try await simulator.get("/api/TradePlatforms", token: "forged").status == 401)
        let token = try await simulator.token()
        #expect(try await simulator.get("/api/TradePlatforms", token: token).status == 200)
        simulator.server.issuer.expireAll()
        #expect(try await simulator.get("/api/TradePlatforms", token: token).status == 401)
    }

    @Test("a short token lifetime fault expires tokens early")
    func tokenLifetimeFault() throws {
        let clock = ClockBox()
        let issuer = TokenIssuer(credentials: .demo, lifetime: { 20 }, now: { clock.now })
        let token = try issuer.issue(
            grantType: "client_credentials", clientID: "demo", clientSecret: "demo-secret", scope: "webapi")
        #expect(token.expiresIn == 20)
        #expect(issuer.isValid(token.accessToken))
        clock.advance(by: 20)
        #expect(!issuer.isValid(token.accessToken))
    }
}

/// A settable clock for token expiry.
final class ClockBox: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_767_571_200))

    var now: Date { current.withLock { $0 } }
    func advance(by seconds: Double) { current.withLock { $0 += seconds } }
}
