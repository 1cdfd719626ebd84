// One Chromium at a time: the machine has two cores and each browser test starts its own server too.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
