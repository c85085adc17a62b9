namespace RagAgent.Core.Algorithms;

/// <summary>How a <see cref="RolloutCollector"/> keeps its envs' state in checkpoints.</summary>
public enum EnvStateMode
{
    /// <summary>
    /// A snapshot of the vector env (<c>env_snapshot</c>, bytes), when every copy and wrapper implements
    /// <c>ISnapshotEnv</c> (the built-in ones do): fixed size, restored directly.
    /// </summary>
    Snapshot,

    /// <summary>
    /// Every action taken (<c>env_actions</c>, 4 bytes per env step), for user envs without snapshots: resuming
    /// resets the envs with the run's seed and replays the actions, which needs deterministic envs.
    /// </summary>
    ActionLog,
}
