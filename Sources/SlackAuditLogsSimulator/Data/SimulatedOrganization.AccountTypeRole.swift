extension SimulatedOrganization {
    /// An account-type role, such as `Workspace Admin`.
    public struct AccountTypeRole: Sendable, Hashable {
        /// The ID, `Rl0…`.
        public let id: String
        /// The name.
        public let name: String
    }
}
