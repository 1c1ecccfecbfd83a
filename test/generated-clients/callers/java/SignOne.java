package com.example.caller;

import com.example.boxsign.ApiClient;
import com.example.boxsign.api.SignRequestsApi;
import com.example.boxsign.model.ParentFolder;
import com.example.boxsign.model.PollingPolicy;
import com.example.boxsign.model.SignRequestCompleted;
import com.example.boxsign.model.SignRequestCreated;
import com.example.boxsign.model.SignRequestFailure;
import com.example.boxsign.model.SignRequestInput;
import com.example.boxsign.model.SignRequestOutcome;
import com.example.boxsign.model.Signer;
import com.example.boxsign.model.SignerPassword;
import com.example.boxsign.model.SourceFile;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

/**
 * A business system's code against the Java client openapi-generator makes from /openapi.json (the suite copies this
 * file into the generated project and builds both with Maven): it starts one sign request, then long-polls its
 * outcome, printing one JSON line per step. API_URL, API_KEY and BUSINESS_KEY come from the suite.
 */
public final class SignOne {
  public static void main(String[] args) throws Exception {
    URI url = URI.create(System.getenv("API_URL"));
    String key = System.getenv("API_KEY");
    String businessKey = System.getenv("BUSINESS_KEY");
    ApiClient client = new ApiClient()
        .setScheme(url.getScheme())
        .setHost(url.getHost())
        .setPort(url.getPort())
        .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    SignRequestsApi api = new SignRequestsApi(client);

    SignRequestInput input = new SignRequestInput()
        .businessKey(businessKey)
        .signers(List.of(new Signer().email("generated.java@example.com").password(new SignerPassword("java-secret"))))
        .sourceFiles(List.of(new SourceFile().id("1234567890")))
        .parentFolder(new ParentFolder().id("987654321"))
        .name("Generated Java client")
        .polling(new PollingPolicy().initialIntervalMs(200).backoffCoefficient(new BigDecimal("1.2")).maximumIntervalMs(1000));
    var created = api.createSignRequestWithHttpInfo(input);
    SignRequestCreated body = created.getData().getSignRequestCreated();
    System.out.println("{\"step\":\"created\",\"status\":" + created.getStatusCode() + ",\"boxId\":\"" + body.getSignRequestId() + "\"}");

    while (true) {
      SignRequestOutcome answer = api.getSignRequestResult(businessKey, 5);
      Object actual = answer.getActualInstance();
      // Java 11 (the generated project's level): no pattern matching.
      if (actual instanceof SignRequestCompleted) {
        String outcome = ((SignRequestCompleted) actual).getResult().getOutcome().getValue();
        System.out.println("{\"step\":\"finished\",\"state\":\"completed\",\"outcome\":\"" + outcome + "\"}");
        return;
      }
      if (actual instanceof SignRequestFailure) {
        String type = ((SignRequestFailure) actual).getFailure().getType();
        System.out.println("{\"step\":\"finished\",\"state\":\"failed\",\"failure\":\"" + type + "\"}");
        return;
      }
    }
  }
}
