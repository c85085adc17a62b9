namespace RagAgent.Envs.Abstractions;

/// <summary>
/// Which goals a multi-goal env samples at reset. Each multi-goal env fixes, per world seed, a set of goals held out
/// from training, so a policy can be evaluated on goals it never trained on.
/// </summary>
public enum GoalSplit
{
    /// <summary>Only goals used for training (the held-out ones are never sampled).</summary>
    Train,

    /// <summary>Only the held-out goals, for evaluating generalisation.</summary>
    HeldOut,

    /// <summary>Every goal.</summary>
    All,
}
