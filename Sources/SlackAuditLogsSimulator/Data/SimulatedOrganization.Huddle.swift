extension SimulatedOrganization {
    /// A huddle (an audio call in a conversation).
    public struct Huddle: Sendable, Hashable {
        /// The ID, `R0…`.
        public let id: String
        /// The ID of the conversation it took place in.
        public let channel: String
        /// When it started, in seconds since 1970.
        public let dateStart: Int64
        /// When it ended, in seconds since 1970.
        public let dateEnd: Int64
        /// The IDs of the users who joined.
        public let participants: [String]
    }
}
