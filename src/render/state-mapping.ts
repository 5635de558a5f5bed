// The one mapping from the state the verdict decides (exit-status.ts: the
// Nagios plugin's state, after --severity) to the severity scales of the other
// monitoring systems. Zabbix triggers and Prometheus alerts key on that judged
// state (dane.domain.service.state, smtp_dane_verify_service_state), never on
// raw values with thresholds of their own, so every system shows the same
// state for the same check:
//
//   judged state   Nagios / Icinga   Zabbix trigger priority   Prometheus alert (severity)
//   OK             OK (0)            no problem                no alert
//   WARNING        WARNING (1)       WARNING                   SmtpDaneWarning (warning)
//   CRITICAL       CRITICAL (2)      HIGH                      SmtpDaneCritical (critical)
//   UNKNOWN        UNKNOWN (3)       WARNING, its own trigger  SmtpDaneUnknown (warning)
//
// Neither Zabbix nor Alertmanager has an "unknown" level: UNKNOWN (the check
// could not decide, e.g. a lookup or a slow server that did not finish in
// time) is raised at WARNING under its own trigger / alert name, below
// CRITICAL as monitoring-plugins ranks it. Everything else the templates raise
// per MX host, address or certificate is detail at Zabbix INFO / Prometheus
// severity info: it says where, the domain's one problem says how bad.
// Meta problems (no data, service down) are about the monitoring itself.
import type { ServiceState } from '../verdict/exit-status.ts';

export type ZabbixPriority = 'INFO' | 'WARNING' | 'AVERAGE' | 'HIGH' | 'DISASTER';
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** The domain trigger's priority per judged state; OK raises none. */
export const ZABBIX_PRIORITY: Readonly<Record<Exclude<ServiceState, 'OK'>, ZabbixPriority>> = {
  WARNING: 'WARNING',
  CRITICAL: 'HIGH',
  UNKNOWN: 'WARNING',
};

/** The Prometheus alert and its severity label per judged state; OK raises none. */
export const PROMETHEUS_ALERT: Readonly<Record<Exclude<ServiceState, 'OK'>, { alert: string; severity: AlertSeverity }>> = {
  WARNING: { alert: 'SmtpDaneWarning', severity: 'warning' },
  CRITICAL: { alert: 'SmtpDaneCritical', severity: 'critical' },
  UNKNOWN: { alert: 'SmtpDaneUnknown', severity: 'warning' },
};

/** Priority / severity of every per-host, per-address and per-certificate problem: detail, never a state. */
export const DETAIL_PRIORITY: ZabbixPriority = 'INFO';
export const DETAIL_SEVERITY: AlertSeverity = 'info';
