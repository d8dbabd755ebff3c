/** Every workload type with its happy-path fixture, and a way to reach its pod spec for mutations. */
import { CRON_JOB, DAEMON_SET, DEPLOYMENT, JOB, POD, REPLICA_SET, REPLICATION_CONTROLLER, STATEFUL_SET } from "../../../policy/workloads/pod-templates";
import { goodCronJob, goodDaemonSet, goodDeployment, goodJob, goodPod, goodReplicaSet, goodReplicationController, goodStatefulSet } from "../fixtures";

type Props = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** [type, fixture factory, pod spec accessor, message label]. */
export const WORKLOADS: readonly (readonly [string, () => Props, (w: Props) => Props, string])[] = [
    [DEPLOYMENT, goodDeployment, (w) => w.spec.template.spec, 'Deployment "shop/web"'],
    [STATEFUL_SET, goodStatefulSet, (w) => w.spec.template.spec, 'StatefulSet "shop/db"'],
    [DAEMON_SET, goodDaemonSet, (w) => w.spec.template.spec, 'DaemonSet "shop/agent"'],
    [REPLICA_SET, goodReplicaSet, (w) => w.spec.template.spec, 'ReplicaSet "shop/cache"'],
    [REPLICATION_CONTROLLER, goodReplicationController, (w) => w.spec.template.spec, 'ReplicationController "shop/legacy"'],
    [JOB, goodJob, (w) => w.spec.template.spec, 'Job "shop/migrate"'],
    [CRON_JOB, goodCronJob, (w) => w.spec.jobTemplate.spec.template.spec, 'CronJob "shop/report"'],
    [POD, goodPod, (w) => w.spec, 'Pod "shop/debug"'],
];
