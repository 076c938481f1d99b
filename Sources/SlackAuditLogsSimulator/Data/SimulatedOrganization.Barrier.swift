extension SimulatedOrganization {
    /// An information barrier between user groups.
    public struct Barrier: Sendable, Hashable {
        /// The ID, `Bar0…`.
        public let id: String
        /// The ID of the user group the barrier protects.
        public let primaryUsergroup: String
        /// The IDs of the user groups it keeps apart from the primary one.
        public let barrieredFromUsergroups: [String]
        /// What is restricted: `call`, `dm`, `mpdm`, `file_share`.
        public let restrictedSubjects: [String]
    }
}
