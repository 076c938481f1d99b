import Foundation
import SlackAuditLogs

extension ActionCatalog {
    /// Creates a catalog from a `GET actions` body: `{"actions":{"<category>":["name",…],…}}`.
    ///
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidCatalog`` when the bytes are not such a
    ///   body or the catalog is not valid (see ``init(actionsByCategory:)``).
    package init(actionsJSON bytes: some Sequence<UInt8>) throws(SimulationError) {
        let response: ActionsResponse
        do {
            response = try ActionsResponse(parsing: bytes)
        } catch {
            throw .invalidCatalog("The actions body is not JSON: \(error).")
        }
        try self.init(actionsByCategory: response.actions.mapValues { $0.map(\.rawValue) })
    }

    /// The catalog the simulator ships: a capture of Slack's `GET actions` (25 categories, 770 names).
    ///
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/missingResource`` when the resource cannot be
    ///   read, or ``SimulationError/Code/invalidCatalog`` when it is not a valid catalog.
    package static func bundled() throws(SimulationError) -> ActionCatalog {
        guard let url = Bundle.module.url(forResource: "actions", withExtension: "json", subdirectory: "Resources")
        else {
            throw .missingResource("Resources/actions.json is not in the simulator's bundle.")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .missingResource("Cannot read \(url.path): \(error).")
        }
        return try ActionCatalog(actionsJSON: data)
    }
}
