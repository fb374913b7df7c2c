import { api, qs } from '../api';
import { h } from '../dom';
import { SOURCE_LABEL, number } from '../format';
import { dicts } from '../state';
import { message, select } from '../components';
import { go } from '../router';

interface Voice {
  author: string;
  source: string;
  posts: number;
  engagement: number;
  followers: number | null;
  sentiment: { positive: number; neutral: number; negative: number };
  coordinated: boolean;
  largestCluster: number;
  clusterPostIds: string[];
}

export async function renderSuaraLokal(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const d = await dicts();
  const f = { topic: params.get('topic') ?? '', region: params.get('region') ?? '', days: params.get('days') ?? '30', sort: params.get('sort') ?? 'engagement' };
  const form = h(
    'form',
    {
      class: 'filters card',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        go('suara-lokal', Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)])));
      },
    },
    h('label', {}, 'Topik', select('topic', [['', 'Semua'], ...d.topics.map((t): [string, string] => [t.id, t.label])], f.topic)),
    h('label', {}, 'Wilayah', select('region', [['', 'Semua'], ...d.regions.map((r): [string, string] => [r.id, r.name])], f.region)),
    h('label', {}, 'Periode', select('days', [['7', '7 hari'], ['30', '30 hari'], ['90', '90 hari']], f.days)),
    h('label', {}, 'Urut menurut', select('sort', [['engagement', 'Keterlibatan'], ['reach', 'Jangkauan (pengikut)'], ['posts', 'Jumlah pos']], f.sort)),
    h('button', { type: 'submit' }, 'Tampilkan'),
  );
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Suara Lokal')), h('p', { class: 'muted' }, 'Akun yang paling didengar per topik dan wilayah: calon kreator untuk diajak bekerja sama, dan akun yang tampak terkoordinasi (buzzer).'), form);

  const data = await api<{ method: string; voices: Voice[] }>(`/api/voices${qs({ topic: f.topic, region: f.region, days: f.days, sort: f.sort, size: 25 })}`);
  if (data.voices.length === 0) return void main.append(message('info', 'Tidak ada penulis untuk filter ini.'));
  const table = h(
    'table',
    { class: 'voices' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Akun'), h('th', {}, 'Sumber'), h('th', { class: 'num' }, 'Pos'), h('th', { class: 'num' }, 'Keterlibatan'), h('th', { class: 'num' }, 'Pengikut'), h('th', {}, 'Sentimen'), h('th', {}, 'Tanda'))),
    h(
      'tbody',
      {},
      data.voices.map((v) => {
        const total = Math.max(1, v.posts);
        const bar = h(
          'div',
          { class: 'mix', title: `positif ${v.sentiment.positive}, netral ${v.sentiment.neutral}, negatif ${v.sentiment.negative}` },
          h('span', { class: 'mix-pos', style: `width:${(v.sentiment.positive / total) * 100}%` }),
          h('span', { class: 'mix-neu', style: `width:${(v.sentiment.neutral / total) * 100}%` }),
          h('span', { class: 'mix-neg', style: `width:${(v.sentiment.negative / total) * 100}%` }),
        );
        return h(
          'tr',
          { class: v.coordinated ? 'flagged' : '' },
          h('td', {}, h('a', { href: `#/pencarian${qs({ q: `penulis:${v.author}`, source: v.source })}` }, /\s/.test(v.author) ? v.author : `@${v.author}`)),
          h('td', {}, SOURCE_LABEL[v.source] ?? v.source),
          h('td', { class: 'num' }, number(v.posts)),
          h('td', { class: 'num' }, number(v.engagement)),
          h('td', { class: 'num' }, number(v.followers)),
          h('td', {}, bar),
          h('td', {}, v.coordinated ? h('span', { class: 'flag', title: `${v.largestCluster} pos hampir sama dalam waktu singkat` }, `tampak terkoordinasi (${v.largestCluster})`) : ''),
        );
      }),
    ),
  );
  main.append(h('div', { class: 'table-wrap card' }, table), h('p', { class: 'muted small' }, data.method));
}
