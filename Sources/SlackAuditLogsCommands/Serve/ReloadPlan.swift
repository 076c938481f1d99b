/// What a reload changes: the organizations to start, to stop, and to restart because a setting changed. The
/// others go on untouched (their polls, their shippers, their rate budget). A plain value, decided from the
/// running and the wanted configurations.
struct ReloadPlan: Sendable, Equatable {
    /// New organizations, in the file's order.
    var start: [ServeConfiguration.Organization] = []
    /// Organizations no longer in the file.
    var stop: [String] = []
    /// Organizations whose settings changed (stopped, then started with the new settings).
    var restart: [ServeConfiguration.Organization] = []
    /// Organizations left running as they are.
    var unchanged: [String] = []

    init(running: [ServeConfiguration.Organization], wanted: [ServeConfiguration.Organization]) {
        for organization in wanted {
            if let current = running.first(where: { $0.name == organization.name }) {
                if current == organization {
                    unchanged.append(organization.name)
                } else {
                    restart.append(organization)
                }
            } else {
                start.append(organization)
            }
        }
        stop = running.map(\.name).filter { name in !wanted.contains { $0.name == name } }
    }

    /// Whether nothing changes.
    var isEmpty: Bool { start.isEmpty && stop.isEmpty && restart.isEmpty }
}
