// The web tests start real servers, stores and agent processes; a few at a time keeps them quick on two cores.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
