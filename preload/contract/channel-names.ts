/**
 * The channel and event names alone, without their schemas, so the sandboxed preload stays small
 * (no zod). channels.ts checks at compile time that these lists and its schema map are the same set.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'storage.resetCorrupt',
  'demo.reset',
  'tenants.list',
  'tenants.create',
  'tenants.update',
  'tenants.remove',
  'tenants.check',
  'integrations.get',
  'integrations.save',
  'integrations.preflight',
  'integrations.impact',
  'integrations.verifyLive',
  'integrations.copySecret',
  'webhooks.health',
  'integrations.replaceSecret',
  'integrations.compare',
  'integrations.promote',
  'drafts.save',
  'drafts.discard',
  'audit.list',
  'connections.sync',
  'connections.query',
  'connections.counts',
  'connections.ids',
  'connections.exportCsv',
  'connections.syncStatus',
  'localStore.clear',
  'localStore.rebuild',
  'connections.summary',
  'connections.detail',
  'connections.connect',
  'connections.disconnect',
  'connections.reconnectLinks',
  'connections.webhookStatus',
  'connections.linksSent',
  'connections.bundleExported',
  'connections.changes',
  'connections.history',
  'connections.alerts',
  'connections.dismissAlert',
  'localStore.settings',
  'localStore.saveSettings',
  'tier.scan',
  'tier.check',
  'tier.status',
  'tier.rows',
  'tier.detail',
  'tier.saveSettings',
  'operations.cancel',
  'onboarding.get',
  'onboarding.save'
] as const

export const EVENT_NAMES = ['operations.progress', 'navigation.open'] as const

export type ChannelName = (typeof CHANNEL_NAMES)[number]
export type EventName = (typeof EVENT_NAMES)[number]
