import Foundation
import Hummingbird

/// `/sim/…` endpoints on the main port, so tests and demos can steer a running simulator: change the faults, expire
/// tokens, read its status. Not part of CPlugin; they need the same bearer token as the API.
struct ControlRoutes: Sendable {
    let server: SimulatorServer

    func add(to router: Router<BasicRequestContext>) {
        router.post("/sim/faults") { request, _ -> Response in
            guard let token = HTTPResponses.bearerToken(request), server.issuer.isValid(token) else {
                return HTTPResponses.unauthorized
            }
            let text = String(buffer: try await request.body.collect(upTo: 64 * 1024))
            do {
                let plan = try FaultPlan.parse(text)
                server.setFaults(plan)
                return HTTPResponses.status(.noContent)
            } catch {
                return HTTPResponses.json(["error": "\(error)"], status: .badRequest)
            }
        }
        router.post("/sim/tokens/expire") { request, _ -> Response in
            guard let token = HTTPResponses.bearerToken(request), server.issuer.isValid(token) else {
                return HTTPResponses.unauthorized
            }
            server.issuer.expireAll()
            return HTTPResponses.status(.noContent)
        }
    }
}
