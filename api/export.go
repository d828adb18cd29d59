package api

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"namescope/apperr"
	"namescope/export"
	"namescope/legal"
	"namescope/lifecycle"
	"namescope/registry"
	"namescope/scope"
)

// exportFormat reads ?format=: "" (JSON), csv or xlsx.
func exportFormat(c *fiber.Ctx) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(c.Query("format"))); f {
	case "", "json":
		return "", nil
	case export.CSV, export.XLSX:
		return f, nil
	}
	return "", apperr.Invalid("format 应为 json、csv 或 xlsx")
}

// sendTable answers a list as a spreadsheet file named name-<date>.
func sendTable(c *fiber.Ctx, format, name string, t export.Table) error {
	var b bytes.Buffer
	if err := export.Write(&b, format, t); err != nil {
		return apperr.Internal(err)
	}
	file := fmt.Sprintf("%s-%s.%s", name, time.Now().In(legal.ChinaTime).Format("20060102"), format)
	c.Set(fiber.HeaderContentType, export.ContentType(format))
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, file))
	return c.Send(b.Bytes())
}

func enterpriseTable(hits []registry.Enterprise) export.Table {
	t := export.Table{Sheet: "企业名称", Headers: []string{"企业名称", "统一社会信用代码", "状态", "状态日期", "字号", "行业代码", "登记机关"}}
	for _, e := range hits {
		t.Rows = append(t.Rows, []string{e.Name, e.USCC, e.Status, e.StatusDate, e.TradeName, e.IndustryCode, e.AuthorityCode})
	}
	return t
}

func disputeTable(list []lifecycle.DisputeSummary) export.Table {
	t := export.Table{Sheet: "争议案件", Headers: []string{"编号", "状态", "申请人", "被申请人", "收到日期", "下一步", "期限", "剩余工作日", "已逾期", "结果"}}
	for _, d := range list {
		left := ""
		if d.Deadlines.WorkingDaysLeft != nil {
			left = strconv.Itoa(*d.Deadlines.WorkingDaysLeft)
		}
		overdue := "否"
		if d.Deadlines.Overdue {
			overdue = "是"
		}
		t.Rows = append(t.Rows, []string{d.ID, d.StateLabel, d.Applicant, d.Respondent, d.ReceivedOn,
			d.Deadlines.NextStep, d.Deadlines.NextDue, left, overdue, d.Outcome})
	}
	return t
}

func noticeTable(list scope.NoticeList) export.Table {
	t := export.Table{Sheet: "双告知", Headers: []string{"编号", "部门", "企业", "统一社会信用代码", "经营范围条目", "许可事项", "推送时间", "签收时间"}}
	for _, n := range list.Notices {
		var items, licences []string
		for _, it := range n.Items {
			items = append(items, it.Wording)
		}
		for _, l := range n.Licenses {
			licences = append(licences, l.Item)
		}
		acked := ""
		if n.Acked() {
			acked = n.AckedAt.In(legal.ChinaTime).Format("2006-01-02 15:04")
		}
		t.Rows = append(t.Rows, []string{n.ID, n.DeptName, n.Enterprise, n.USCC, strings.Join(items, "；"),
			strings.Join(licences, "；"), n.CreatedAt.In(legal.ChinaTime).Format("2006-01-02 15:04"), acked})
	}
	return t
}
