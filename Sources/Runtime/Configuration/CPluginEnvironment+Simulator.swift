import CPluginClient
import Foundation

extension CPluginEnvironment {
    /// What `mtrules simulate` serves when started without options: API, OAuth (discovered at the API's base) and
    /// hubs on 127.0.0.1:8300, the x86 sidecar on 127.0.0.1:8301.
    public static let simulatorDefault = CPluginEnvironment(
        kind: .custom, primaryBaseURL: URL(string: "http://127.0.0.1:8300")!,
        tokenEndpoint: .discovery(authority: URL(string: "http://127.0.0.1:8300")!),
        sidecarBaseURL: URL(string: "http://127.0.0.1:8301")!)
}
