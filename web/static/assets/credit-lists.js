// The public list page (/credit/lists): the 经营异常名录, the 严重违法失信名单
// and the 守信激励名单 with search and pages; a name leads to its credit file.
import { mountListView } from './creditview.js';

mountListView({ prefix: 'pl', fileLink: (uscc) => `/credit?uscc=${encodeURIComponent(uscc)}` }).ready
  .finally(() => { document.documentElement.dataset.ready = 'true'; });
