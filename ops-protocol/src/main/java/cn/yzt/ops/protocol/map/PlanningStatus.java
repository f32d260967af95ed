package cn.yzt.ops.protocol.map;

/** Planning status of a parcel as the supervision system tracks it. */
public enum PlanningStatus {
    EXISTING("现状保留"),
    PLANNED_NEW("规划新增"),
    ADJUSTMENT_PENDING("调整待审批"),
    APPROVED_CHANGE("调整已批准");

    private final String nameZh;

    PlanningStatus(String nameZh) {
        this.nameZh = nameZh;
    }

    public String nameZh() {
        return nameZh;
    }
}
