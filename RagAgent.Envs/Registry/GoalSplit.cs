namespace RagAgent.Envs.Registry;

/// <summary>Which goals (tasks) a multi-goal env draws its episodes from.</summary>
public enum GoalSplit
{
    /// <summary>Only the training goals.</summary>
    Train,

    /// <summary>Only the goals held out from training, to measure generalisation.</summary>
    HeldOut,

    /// <summary>Every goal.</summary>
    All,
}
